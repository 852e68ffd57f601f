package dev.chirp.shared.event;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A whole tweet as it was created, so that consumers (fan-out, search, notifications) need no call back.
 *
 * @param replyToAuthorId the author of the tweet replied to, for reply notifications; null when not a reply
 * @param location        null when the tweet has none
 */
public record TweetSnapshot(long id, long authorId, String authorHandle, String text, Instant createdAt,
                            List<Long> mediaIds, @Nullable Long replyToId, @Nullable Long replyToAuthorId,
                            List<Mention> mentions, List<String> hashtags, @Nullable GeoPoint location) {

    public record Mention(long userId, String handle) {
    }

    public record GeoPoint(double lat, double lon) {
    }
}
