package dev.chirp.media.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.error.ApiException;
import org.springframework.stereotype.Component;

/** The metadata of stored images in {@code media_by_id}: the only code that knows the table. */
@Component
public class MediaCatalog {

    private static final String COLUMNS =
            "id, owner_id, content_type, width, height, size_bytes, object_key, thumbnail_key, created_at";

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement selectById;

    MediaCatalog(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO media_by_id (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.selectById = session.prepare("SELECT " + COLUMNS + " FROM media_by_id WHERE id = ?");
    }

    /** 503 when Cassandra cannot take the write. */
    public void add(StoredMedia media) {
        try {
            session.execute(insert.bind(media.id(), media.ownerId(), media.contentType(), media.width(),
                    media.height(), media.sizeBytes(), media.objectKey(), media.thumbnailKey(), media.createdAt()));
        } catch (DriverException e) {
            throw unavailable();
        }
    }

    public Optional<StoredMedia> find(long id) {
        try {
            return Optional.ofNullable(session.execute(selectById.bind(id)).one()).map(MediaCatalog::toMedia);
        } catch (DriverException e) {
            throw unavailable();
        }
    }

    /** The known media among {@code ids}, in that order; one partition read each, in parallel. */
    public List<StoredMedia> findAll(List<Long> ids) {
        Map<Long, CompletionStage<AsyncResultSet>> reads = new LinkedHashMap<>();
        for (Long id : ids) {
            reads.computeIfAbsent(id, key -> session.executeAsync(selectById.bind(key)));
        }
        List<StoredMedia> found = new ArrayList<>(reads.size());
        try {
            for (CompletionStage<AsyncResultSet> read : reads.values()) {
                Row row = read.toCompletableFuture().join().one();
                if (row != null) {
                    found.add(toMedia(row));
                }
            }
        } catch (CompletionException e) {
            throw unavailable();
        }
        return found;
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("The media catalogue is unavailable; try again shortly.");
    }

    private static StoredMedia toMedia(Row row) {
        return new StoredMedia(row.getLong("id"), row.getLong("owner_id"), row.getString("content_type"),
                row.getInt("width"), row.getInt("height"), row.getLong("size_bytes"), row.getString("object_key"),
                row.getString("thumbnail_key"), row.getInstant("created_at"));
    }
}
