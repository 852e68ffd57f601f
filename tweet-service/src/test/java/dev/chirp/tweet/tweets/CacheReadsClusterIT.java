package dev.chirp.tweet.tweets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.chirp.testsupport.ThrowawayRedisCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A page of cache keys read while one primary of a real Redis Cluster is dead ({@link ThrowawayRedisCluster}, no
 * replicas, so its slots stay without a server): the MGET fails as a whole, and CacheReads still returns the values
 * on the two nodes that answer.
 */
class CacheReadsClusterIT {

    private static ThrowawayRedisCluster cluster;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void startCluster() {
        cluster = ThrowawayRedisCluster.start(3);
        redis = new StringRedisTemplate(cluster.connectionFactory(LettuceClientConfiguration.builder()
                .commandTimeout(Duration.ofSeconds(2)).build()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theKeysOnNodesThatAnswerAreHitsWhenOneNodeIsDead() {
        List<String> keys = IntStream.range(0, 60).mapToObj(i -> "cachereads:body:" + i).toList();
        keys.forEach(key -> redis.opsForValue().set(key, "value of " + key));
        assertThat(CacheReads.values(redis, keys)).containsExactlyElementsOf(keys.stream()
                .map(key -> "value of " + key).toList());

        int[] deadSlots = cluster.slotsOf(0);
        cluster.kill(0);

        List<String> expected = new ArrayList<>();
        for (String key : keys) {
            int slot = SlotHash.getSlot(key);
            expected.add(slot >= deadSlots[0] && slot <= deadSlots[1] ? null : "value of " + key);
        }
        assertThat(expected).as("keys on the dead node and on the live ones").containsNull()
                .anyMatch(value -> value != null);

        assertThatThrownBy(() -> redis.opsForValue().multiGet(keys)).isInstanceOf(DataAccessException.class);
        assertThat(CacheReads.values(redis, keys)).containsExactlyElementsOf(expected);
    }
}
