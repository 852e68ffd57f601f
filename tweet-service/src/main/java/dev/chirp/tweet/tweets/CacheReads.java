package dev.chirp.tweet.tweets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * How the tweet caches read a page of keys: one MGET. On a Redis Cluster the keys of a page live on every node, and
 * one node away (a primary killed, until its replica takes over) fails the whole MGET, which sent every lookup of
 * every page to Cassandra at once: in the fault run that overload timed out Cassandra reads and home timelines for
 * 14 s. So on a cluster a failed MGET is asked again as one GET per key, all sent at once and answered one by one:
 * the keys on the nodes that answer are hits, the others misses.
 */
final class CacheReads {

    private CacheReads() {
    }

    /** The values of {@code keys} in their order, null where Redis holds none or its node could not answer. */
    static List<@Nullable String> values(StringRedisTemplate redis, List<String> keys) throws DataAccessException {
        if (keys.isEmpty()) {
            return List.of();
        }
        try {
            List<@Nullable String> values = redis.opsForValue().multiGet(keys);
            return values == null ? Collections.nCopies(keys.size(), null) : values;
        } catch (DataAccessException e) {
            if (keys.size() < 2 || !clusterAware(redis.getConnectionFactory())) {
                throw e;
            }
            List<@Nullable String> values = keyByKey(redis, keys);
            if (values.stream().allMatch(value -> value == null)) {
                throw e;
            }
            return values;
        }
    }

    /**
     * One GET per key through Lettuce's asynchronous API, every answer awaited on its own: a Spring pipeline would end
     * at the first failed answer and keep none of the others.
     */
    private static List<@Nullable String> keyByKey(StringRedisTemplate redis, List<String> keys) {
        long waitMillis = ((LettuceConnectionFactory) redis.getRequiredConnectionFactory()).getClientConfiguration()
                .getCommandTimeout().toMillis() + 1_000;
        List<@Nullable String> values = redis.execute((RedisCallback<List<@Nullable String>>) connection -> {
            @SuppressWarnings("unchecked")
            RedisClusterAsyncCommands<byte[], byte[]> commands =
                    (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            List<RedisFuture<byte[]>> replies = keys.stream()
                    .map(key -> commands.get(key.getBytes(StandardCharsets.UTF_8))).toList();
            List<@Nullable String> answers = new ArrayList<>(keys.size());
            for (RedisFuture<byte[]> reply : replies) {
                answers.add(answer(reply, waitMillis));
            }
            return answers;
        });
        return values == null ? Collections.nCopies(keys.size(), null) : values;
    }

    /** The value, or null when the key is absent or its node did not answer (Lettuce's command timeout bounds it). */
    private static @Nullable String answer(RedisFuture<byte[]> reply, long waitMillis) {
        try {
            byte[] value = reply.get(waitMillis, TimeUnit.MILLISECONDS);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static boolean clusterAware(@Nullable RedisConnectionFactory factory) {
        return factory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
    }
}
