package dev.chirp.media.sweeping;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chirp.media.MediaProperties;
import dev.chirp.media.catalog.MediaCatalog;
import dev.chirp.media.catalog.StoredMedia;
import dev.chirp.media.storage.ObjectKeys;
import dev.chirp.media.storage.ObjectStore;
import dev.chirp.media.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes objects that no row points to. Uploads write objects before the row, so a crash in between (or a
 * compensating delete that failed) leaves such orphans, never the opposite. An object is only judged once it is
 * older than {@code orphan-age}, far longer than any upload takes, so an upload in flight is never swept; only
 * objects younger than {@code orphan-age + sweep-lookback} are looked up, so a sweep costs one bucket listing and
 * one row read per recent object. Running on several instances at once is harmless (deletes are idempotent).
 */
@Component
class OrphanSweeper implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final ObjectStore store;
    private final MediaCatalog catalog;
    private final Duration orphanAge;
    private final Duration lookback;
    private final Duration interval;

    OrphanSweeper(ObjectStore store, MediaCatalog catalog, MediaProperties properties) {
        this.store = store;
        this.catalog = catalog;
        this.orphanAge = properties.orphanAge();
        this.lookback = properties.sweepLookback();
        this.interval = properties.sweepInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(() -> sweep(Instant.now()), interval);
    }

    /** Sweeps as if it were {@code now}; answers how many orphans were deleted. */
    int sweep(Instant now) {
        Instant youngest = now.minus(orphanAge);
        Instant oldest = youngest.minus(lookback);
        AtomicInteger deleted = new AtomicInteger();
        try {
            store.forEachObject(object -> {
                if (object.lastModified().isBefore(youngest) && object.lastModified().isAfter(oldest)
                        && isOrphan(object)) {
                    store.deleteQuietly(object.key());
                    deleted.incrementAndGet();
                }
            });
        } catch (Exception e) {
            log.warn("Orphan sweep stopped early (S3 or Cassandra unavailable): {}", e.toString());
        }
        if (deleted.get() > 0) {
            log.info("Deleted {} orphan objects", deleted.get());
        }
        return deleted.get();
    }

    /** Only keys this service made are judged; anything else in the bucket is left alone. */
    private boolean isOrphan(StoredObject object) {
        Optional<Long> mediaId = ObjectKeys.mediaId(object.key());
        if (mediaId.isEmpty()) {
            return false;
        }
        Optional<StoredMedia> media = catalog.find(mediaId.get());
        return media.isEmpty() || !(object.key().equals(media.get().objectKey())
                || object.key().equals(media.get().thumbnailKey()));
    }
}
