package dev.chirp.tweet.tweets;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A tweet as written once at posting time; it never changes afterwards (counts live elsewhere), which is what
 * lets its body be cached.
 *
 * @param replyToId       the tweet replied to; null when not a reply
 * @param replyToAuthorId the author of the tweet replied to; null when not a reply
 * @param location        null when the tweet has none
 */
public record StoredTweet(long id, long authorId, String text, Instant createdAt, List<Media> media,
                          @Nullable Long replyToId, @Nullable Long replyToAuthorId, List<Mention> mentions,
                          List<String> hashtags, @Nullable Location location) {

    public record Mention(long id, String handle) {
    }

    public record Location(double lat, double lon) {
    }
}
