package dev.chirp.timeline.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.chirp.testsupport.ThrowawayRedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Fan-out delivery and timeline reads on a real Redis Cluster of three primaries (a private one, see
 * {@link ThrowawayRedisCluster}): the followers' sets spread over every slot and node, and a script may only touch
 * keys of one slot. Before deliveries were grouped by slot, the first delivery failed with {@code CROSSSLOT}.
 */
class SortedIdSetsClusterIT {

    private static final int MAX = 5;
    private static ThrowawayRedisCluster cluster;
    private static StringRedisTemplate redis;
    private static SortedIdSets sets;

    @BeforeAll
    static void startCluster() {
        cluster = ThrowawayRedisCluster.start(3);
        redis = new StringRedisTemplate(cluster.connectionFactory());
        sets = new SortedIdSets(redis);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deliversToFollowersOnEveryNodeAndReportsTheirIndexes() {
        // 300 home timelines, every other one active: keys over some 300 slots on all three nodes.
        List<String> keys = IntStream.range(0, 300).mapToObj(i -> "tl:home:" + (1_000 + i)).toList();
        List<String> channels = keys.stream().map(SortedIdSetsClusterIT::channel).toList();
        assertThat(keys.stream().map(key -> SlotHash.getSlot(key) * 3 / SlotHash.SLOT_COUNT).distinct())
                .as("the keys live on all three nodes").hasSize(3);
        List<Integer> active = IntStream.range(0, 300).filter(i -> i % 2 == 0).boxed().toList();
        active.forEach(i -> {
            sets.beginBuild(keys.get(i));
            sets.completeBuild(keys.get(i), List.of(10L, 20L), MAX, Duration.ofMinutes(5));
        });

        List<Integer> delivered = sets.deliver(keys, channels, 30, "m", MAX, MAX);

        assertThat(delivered).containsExactlyElementsOf(active);
        List<List<Long>> pages = sets.newest(keys, null, 10, null);
        for (int i = 0; i < keys.size(); i++) {
            if (i % 2 == 0) {
                assertThat(pages.get(i)).containsExactly(30L, 20L, 10L);
            } else {
                assertThat(pages.get(i)).as("no set for an inactive follower").isNull();
                assertThat(redis.hasKey(keys.get(i))).isFalse();
            }
        }
    }

    @Test
    void aRepeatedDeliveryIsReportedNowhereAndTrimsOnEveryNode() {
        List<String> keys = completeTimelines(5_000, 60, List.of(1L, 2L, 3L, 4L, 5L));
        List<String> channels = keys.stream().map(SortedIdSetsClusterIT::channel).toList();

        assertThat(sets.deliver(keys, channels, 6, "m", MAX, MAX)).hasSize(60);
        assertThat(sets.deliver(keys, channels, 6, "m", MAX, MAX)).as("already there").isEmpty();

        for (String key : keys) {
            assertThat(redis.opsForZSet().range(key, 0, -1))
                    .isEqualTo(Set.of(SortedIdSets.SENTINEL, "2", "3", "4", "5", "6"));
        }
    }

    @Test
    void aNodeThatLostItsScriptsStillHasEveryDeliveryReported() {
        List<String> keys = completeTimelines(7_000, 60, List.of(1L));
        List<String> channels = keys.stream().map(SortedIdSetsClusterIT::channel).toList();
        assertThat(sets.deliver(keys, channels, 2, "m", MAX, MAX)).as("the script is on every node now").hasSize(60);

        // As after a restart or a replica's promotion: one node lacks the script, the others still have it. Their
        // scripts run; running them again after loading would report their deliveries as already there.
        String node = cluster.nodes().get(1);
        RedisClient client = RedisClient.create(RedisURI.create("redis://" + node));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().scriptFlush();
        } finally {
            client.shutdown();
        }

        assertThat(sets.deliver(keys, channels, 3, "m", MAX, MAX))
                .containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
    }

    /** The home timelines of users {@code firstUser}… as complete sets holding {@code ids}; their keys. */
    private static List<String> completeTimelines(int firstUser, int count, List<Long> ids) {
        List<String> keys = IntStream.range(0, count).mapToObj(i -> "tl:home:" + (firstUser + i)).toList();
        keys.forEach(key -> {
            sets.beginBuild(key);
            sets.completeBuild(key, ids, MAX, Duration.ofMinutes(5));
        });
        return keys;
    }

    /** As RedisKeys names a user's channel: tagged with the key, so that the script may publish on it. */
    private static String channel(String key) {
        return "tl:stream:user:{" + key + "}";
    }
}
