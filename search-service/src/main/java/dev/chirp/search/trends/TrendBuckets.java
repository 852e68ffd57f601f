package dev.chirp.search.trends;

import java.time.Instant;

import dev.chirp.search.SearchProperties;
import org.springframework.stereotype.Component;

/**
 * The Redis keys of the counters. A bucket per minute, {@code <prefix>{<epoch minute>}}, is a hash from hashtag
 * to tweet count; {@code <prefix>{<epoch minute>}:seen:<tweet id>} marks a tweet as counted. Both keys of a
 * minute share a hash tag, so the counting script touches one slot on a Redis Cluster too. The authors of a
 * hashtag in a minute are a HyperLogLog, {@code <prefix>authors:{<hashtag>}:<epoch minute>}: every minute of one
 * hashtag shares a hash tag, so the PFCOUNT that unions a window's 60 of them touches one slot. All expire
 * {@code retention} after their minute began: long enough for two one-hour windows.
 */
@Component
class TrendBuckets {

    private final String prefix;
    private final long retentionSeconds;

    TrendBuckets(SearchProperties properties) {
        this.prefix = properties.trends().keyPrefix();
        this.retentionSeconds = properties.trends().retention().toSeconds();
    }

    static long minuteOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }

    String bucket(long minute) {
        return prefix + "{" + minute + "}";
    }

    String seen(long minute, long tweetId) {
        return bucket(minute) + ":seen:" + tweetId;
    }

    String authors(String hashtag, long minute) {
        return prefix + "authors:{" + hashtag + "}:" + minute;
    }

    /** When the keys of a minute expire, in epoch seconds. */
    long expiresAt(long minute) {
        return minute * 60 + retentionSeconds;
    }
}
