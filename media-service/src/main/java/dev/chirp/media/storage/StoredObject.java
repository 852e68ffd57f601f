package dev.chirp.media.storage;

import java.time.Instant;

/** One object in the bucket, as a listing shows it. */
public record StoredObject(String key, Instant lastModified) {
}
