package dev.chirp.search.trends;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.search.SearchProperties;
import dev.chirp.search.trends.TrendRanking.Counts;
import dev.chirp.search.trends.TrendRanking.Trend;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Sums the last two hours of minute buckets (one pipelined round trip), counts the distinct authors of the tags
 * that could qualify (a second one: a PFCOUNT over each hour's 60 minutes of a tag) and ranks them with
 * {@link TrendRanking}.
 */
@Component
class TrendingHashtags {

    static final int WINDOW_MINUTES = 60;

    private final StringRedisTemplate redis;
    private final TrendBuckets buckets;
    private final Clock clock;
    private final int minAuthors;

    TrendingHashtags(StringRedisTemplate redis, TrendBuckets buckets, Clock clock, SearchProperties properties) {
        this.redis = redis;
        this.buckets = buckets;
        this.clock = clock;
        this.minAuthors = properties.trends().minAuthors();
    }

    List<Trend> top(int limit) {
        long first = TrendBuckets.minuteOf(clock.instant()) - 2 * WINDOW_MINUTES + 1;
        Map<String, long[]> tweets = tweetsPerHour(first);
        // A tag has at most as many authors as tweets: the others cannot reach the minimum.
        List<String> candidates = tweets.entrySet().stream()
                .filter(entry -> entry.getValue()[1] >= minAuthors).map(Map.Entry::getKey).toList();
        List<Object> authors = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String tag : candidates) {
                connection.hyperLogLogCommands().pfCount(authorKeys(tag, first));
                connection.hyperLogLogCommands().pfCount(authorKeys(tag, first + WINDOW_MINUTES));
            }
            return null;
        });
        Map<String, Counts> counts = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            String tag = candidates.get(i);
            counts.put(tag, new Counts((Long) authors.get(2 * i + 1), (Long) authors.get(2 * i),
                    tweets.get(tag)[1]));
        }
        return TrendRanking.rank(counts, minAuthors, limit);
    }

    /** Tag → tweets in {@code [previous hour, last hour]}, the two hours starting at minute {@code first}. */
    private Map<String, long[]> tweetsPerHour(long first) {
        List<Object> minutes = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (int i = 0; i < 2 * WINDOW_MINUTES; i++) {
                connection.hashCommands().hGetAll(buckets.bucket(first + i).getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
        Map<String, long[]> sums = new HashMap<>();
        for (int i = 0; i < minutes.size(); i++) {
            int window = i < WINDOW_MINUTES ? 0 : 1;
            @SuppressWarnings("unchecked")
            Map<String, String> bucket = (Map<String, String>) minutes.get(i);
            if (bucket == null) {
                continue;
            }
            bucket.forEach((tag, count) -> sums.computeIfAbsent(tag, t -> new long[2])[window] += Long.parseLong(count));
        }
        return sums;
    }

    /** The 60 minutes of a tag's authors from {@code start}: one slot, so one PFCOUNT unions them. */
    private byte[][] authorKeys(String tag, long start) {
        List<byte[]> keys = new ArrayList<>(WINDOW_MINUTES);
        for (int i = 0; i < WINDOW_MINUTES; i++) {
            keys.add(buckets.authors(tag, start + i).getBytes(StandardCharsets.UTF_8));
        }
        return keys.toArray(byte[][]::new);
    }
}
