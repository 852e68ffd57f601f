package dev.chirp.timeline.notifications;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

import dev.chirp.shared.id.ChirpIds;

/**
 * A notification's ID is derived from the event that caused it, never generated: the event's time in the
 * high bits (so IDs sort like time, as every Chirp ID does) and a hash of (event, type, recipient) in the 22 low
 * bits. Replaying the event yields the same ID, hence the same row.
 */
final class NotificationIds {

    private static final long LOW_BITS = (1L << 22) - 1;

    private NotificationIds() {
    }

    static long of(String eventId, NotificationType type, long recipientId, Instant occurredAt) {
        byte[] digest = sha256(eventId + '/' + type.wireName() + '/' + recipientId);
        long hash = ByteBuffer.wrap(digest).getLong();
        long id = ChirpIds.lowestAt(occurredAt) | (hash & LOW_BITS);
        return id == 0 ? 1 : id;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
