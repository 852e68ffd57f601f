package dev.chirp.search.trends;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.search.SearchProperties;
import dev.chirp.search.trends.TrendRanking.Counts;
import dev.chirp.search.trends.TrendRanking.Trend;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Sums the last two hours of minute buckets (one pipelined round trip) and ranks them with {@link TrendRanking}. */
@Component
class TrendingHashtags {

    static final int WINDOW_MINUTES = 60;

    private final StringRedisTemplate redis;
    private final TrendBuckets buckets;
    private final Clock clock;
    private final int minTweets;

    TrendingHashtags(StringRedisTemplate redis, TrendBuckets buckets, Clock clock, SearchProperties properties) {
        this.redis = redis;
        this.buckets = buckets;
        this.clock = clock;
        this.minTweets = properties.trends().minTweets();
    }

    List<Trend> top(int limit) {
        long first = TrendBuckets.minuteOf(clock.instant()) - 2 * WINDOW_MINUTES + 1;
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
        Map<String, Counts> counts = new HashMap<>();
        sums.forEach((tag, windows) -> counts.put(tag, new Counts(windows[1], windows[0])));
        return TrendRanking.rank(counts, minTweets, limit);
    }
}
