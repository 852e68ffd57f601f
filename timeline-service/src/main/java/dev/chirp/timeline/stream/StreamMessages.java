package dev.chirp.timeline.stream;

import java.time.Duration;
import java.time.Instant;

/**
 * What travels on the Redis pub/sub channels of the live stream: {@code t:<tweet id>} for a tweet new in the
 * user's home timeline (hydrated per viewer by the instance holding the connection) and {@code n:<json>} for a
 * notification rendered by its producer.
 */
public final class StreamMessages {

    /** Events older than this are not pushed to live streams: a replayed or long-delayed event is not news. */
    private static final Duration LIVE = Duration.ofMinutes(5);

    static final String TWEET = "t:";
    static final String NOTIFICATION = "n:";

    private StreamMessages() {
    }

    public static boolean isLive(Instant occurredAt) {
        return occurredAt.isAfter(Instant.now().minus(LIVE));
    }

    public static String tweet(long tweetId) {
        return TWEET + tweetId;
    }

    public static String notification(String json) {
        return NOTIFICATION + json;
    }
}
