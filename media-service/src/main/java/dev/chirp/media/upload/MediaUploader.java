package dev.chirp.media.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

import jakarta.servlet.http.HttpServletRequest;

import dev.chirp.media.MediaProperties;
import dev.chirp.media.catalog.MediaCatalog;
import dev.chirp.media.catalog.StoredMedia;
import dev.chirp.media.storage.ObjectKeys;
import dev.chirp.media.storage.ObjectStore;
import dev.chirp.shared.id.TimeOrderedIdGenerator;
import org.springframework.stereotype.Component;

/**
 * An upload from request to catalogue, in the order that never leaves a row without its bytes: the image and
 * thumbnail go to S3 first, the metadata row last; when the row cannot be written the objects are deleted again.
 * Only a crash between the two can leave something behind: objects no row points to, which the orphan sweeper
 * removes later.
 */
@Component
class MediaUploader {

    private final ImageCleaner cleaner;
    private final ObjectStore store;
    private final MediaCatalog catalog;
    private final TimeOrderedIdGenerator ids;
    private final long maxUploadBytes;

    MediaUploader(ImageCleaner cleaner, ObjectStore store, MediaCatalog catalog, TimeOrderedIdGenerator ids,
                  MediaProperties properties) {
        this.cleaner = cleaner;
        this.store = store;
        this.catalog = catalog;
        this.ids = ids;
        this.maxUploadBytes = properties.maxUploadSize().toBytes();
    }

    StoredMedia upload(long ownerId, HttpServletRequest request) {
        Path work = null;
        try {
            work = Files.createTempDirectory("chirp-upload-");
            Path upload = work.resolve("upload");
            Path image = work.resolve("image");
            Path thumbnail = work.resolve("thumbnail");
            ImageFormat format = ImageFormat.sniff(UploadedFile.copy(request, maxUploadBytes, upload));
            ImageCleaner.Cleaned cleaned = cleaner.clean(upload, format, image, thumbnail);
            long id = ids.nextId();
            StoredMedia media = new StoredMedia(id, ownerId, format.storedContentType, cleaned.width(),
                    cleaned.height(), cleaned.sizeBytes(), ObjectKeys.image(id), ObjectKeys.thumbnail(id),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            store(media, image, thumbnail);
            return media;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(work);
        }
    }

    private void store(StoredMedia media, Path image, Path thumbnail) {
        store.put(media.objectKey(), image, media.contentType());
        try {
            store.put(media.thumbnailKey(), thumbnail, media.contentType());
            catalog.add(media);
        } catch (RuntimeException e) {
            store.deleteQuietly(media.thumbnailKey());
            store.deleteQuietly(media.objectKey());
            throw e;
        }
    }

    private static void deleteRecursively(Path work) {
        if (work == null) {
            return;
        }
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the JVM's temp dir is cleaned on restart.
        }
    }
}
