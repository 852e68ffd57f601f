package dev.chirp.timeline.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.chirp.testsupport.PrefixedRedis;
import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The cached celebrity lists against the real Redis: what a reader gets back, and that a list read before a change
 * can never be put back after it (the reason a change leaves a marker instead of deleting the entry). The whole
 * follow path through Kafka and Cassandra is CelebrityIT's. Keys carry a fresh prefix and are deleted afterwards.
 */
class CelebrityFolloweesCacheIT {

    private static final PrefixedRedis STORE = PrefixedRedis.connect();
    private static final StringRedisTemplate redis = STORE.template();
    private static final RedisKeys keys = new RedisKeys(new Binder(new MapConfigurationPropertySource(Map.of(
            "chirp.timeline.redis.key-prefix", STORE.prefix()))).bindOrCreate("chirp.timeline", TimelineProperties.class));
    private static final CelebrityFolloweesCache cache = new CelebrityFolloweesCache(redis, keys);

    @AfterAll
    static void cleanUp() {
        STORE.close();
    }

    @Test
    void aFilledListComesBackAsItWasAndAnEmptyOneIsKnownToBeEmpty() {
        assertThat(cache.get(1)).as("never filled").isEmpty();

        cache.fill(1, List.of(42L, 7L, 9_007_199_254_740_993L));
        cache.fill(2, List.of());

        assertThat(cache.get(1)).contains(List.of(42L, 7L, 9_007_199_254_740_993L));
        assertThat(cache.get(2)).contains(List.of());
        assertThat(redis.getExpire(keys.celebrityFollowees(1))).isPositive();
    }

    @Test
    void aListReadBeforeAChangeIsNeverPutBackAfterIt() {
        cache.fill(3, List.of(1L));
        List<Long> readBeforeTheChange = List.of(1L);

        cache.changed(List.of(3L, 4L));

        assertThat(cache.get(3)).as("readers go to Cassandra while the change settles").isEmpty();
        cache.fill(3, readBeforeTheChange);
        cache.fill(4, readBeforeTheChange);
        assertThat(cache.get(3)).isEmpty();
        assertThat(cache.get(4)).isEmpty();

        // Once the marker is gone, a reader's fill (of what Cassandra holds now) lands again.
        await().atMost(CelebrityFolloweesCache.CHANGING.plus(Duration.ofSeconds(5)))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    cache.fill(3, List.of(1L, 2L));
                    return cache.get(3).equals(Optional.of(List.of(1L, 2L)));
                });
    }
}
