package dev.chirp.tweet.tweets;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * How the tweet caches fill: what a read loaded goes in with {@code SET NX}, all in one pipeline. NX is the rule that
 * keeps a fill from undoing a change that raced it: a reader holding data loaded just before a delete, a counter
 * change or a like cannot overwrite the tombstone or the written-through entry the change left.
 */
final class CacheFill {

    private CacheFill() {
    }

    /** Sets each key that is absent, with {@code ttl}; Redis failures are thrown for the caller to log. */
    static void ifAbsent(StringRedisTemplate redis, Map<String, String> entries, Duration ttl) throws DataAccessException {
        if (entries.isEmpty()) {
            return;
        }
        List<Map.Entry<String, String>> list = new ArrayList<>(entries.entrySet());
        Expiration expiration = Expiration.from(ttl);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (Map.Entry<String, String> entry : list) {
                connection.stringCommands().set(entry.getKey().getBytes(StandardCharsets.UTF_8),
                        entry.getValue().getBytes(StandardCharsets.UTF_8), expiration,
                        RedisStringCommands.SetOption.SET_IF_ABSENT);
            }
            return null;
        });
    }
}
