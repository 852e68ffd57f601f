package dev.chirp.timeline.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.chirp.testsupport.PrefixedRedis;
import dev.chirp.testsupport.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The batched delivery script of fan-out against the real Redis: which sets it writes, how it trims, and what it
 * reports and publishes. Keys carry a fresh prefix and are deleted afterwards.
 */
class SortedIdSetsIT {

    private static final int MAX = 5;
    private static final PrefixedRedis STORE = PrefixedRedis.connect();
    private static final String PREFIX = STORE.prefix();
    private static final StringRedisTemplate redis = STORE.template();
    private static final SortedIdSets sets = new SortedIdSets(redis);

    @AfterAll
    static void cleanUp() {
        STORE.close();
    }

    @Test
    void writesOnlyIntoSetsThatExistAndReportsTheirIndexesAcrossSlices() {
        String run = TestNames.unique("deliver");
        // 250 keys: three scripts of up to 100 keys in one pipeline; every third set exists.
        List<String> keys = IntStream.range(0, 250).mapToObj(i -> PREFIX + run + ":home:" + i).toList();
        List<String> channels = IntStream.range(0, 250).mapToObj(i -> PREFIX + run + ":chan:" + i).toList();
        List<Integer> existing = IntStream.range(0, 250).filter(i -> i % 3 == 0).boxed().toList();
        existing.forEach(i -> complete(keys.get(i)));

        List<Integer> delivered = sets.deliver(keys, channels, 1_000, "m", MAX, MAX);

        assertThat(delivered).containsExactlyElementsOf(existing);
        for (int i = 0; i < keys.size(); i++) {
            if (i % 3 == 0) {
                assertThat(members(keys.get(i))).containsExactly(SortedIdSets.SENTINEL, "1000");
            } else {
                assertThat(redis.hasKey(keys.get(i))).as("no set created for an inactive follower").isFalse();
            }
        }
        assertThat(sets.deliver(keys, channels, 1_000, "m", MAX, MAX)).as("a replay delivers nothing new").isEmpty();
    }

    @Test
    void keepsTheSentinelAndTheNewestEntriesAndDoesNotReportAnIdTrimmedAwayAtOnce() {
        String key = PREFIX + TestNames.unique("trim");
        String channel = key + ":chan";
        complete(key);
        LongStream.rangeClosed(11, 15).forEach(id -> sets.deliver(List.of(key), List.of(channel), id, "m", MAX, MAX));
        assertThat(members(key)).containsExactly(SortedIdSets.SENTINEL, "11", "12", "13", "14", "15");

        assertThat(sets.deliver(List.of(key), List.of(channel), 16, "m", MAX, MAX)).containsExactly(0);
        assertThat(members(key)).containsExactly(SortedIdSets.SENTINEL, "12", "13", "14", "15", "16");

        assertThat(sets.deliver(List.of(key), List.of(channel), 3, "m", MAX, MAX))
                .as("older than everything kept: trimmed at once, so not a delivery").isEmpty();
        assertThat(members(key)).containsExactly(SortedIdSets.SENTINEL, "12", "13", "14", "15", "16");
    }

    @Test
    void withSlackAFullSetGrowsPastItsCapAndIsTrimmedBackOnlyWhenItCrossesTheLimit() {
        String key = PREFIX + TestNames.unique("slack");
        String channel = key + ":chan";
        int trimAbove = MAX + 2;
        complete(key);
        LongStream.rangeClosed(11, 17).forEach(id ->
                assertThat(sets.deliver(List.of(key), List.of(channel), id, "m", MAX, trimAbove)).containsExactly(0));
        assertThat(members(key)).as("up to the limit, nothing is trimmed")
                .containsExactly(SortedIdSets.SENTINEL, "11", "12", "13", "14", "15", "16", "17");

        assertThat(sets.deliver(List.of(key), List.of(channel), 18, "m", MAX, trimAbove)).containsExactly(0);
        assertThat(members(key)).as("crossing it trims back to the cap")
                .containsExactly(SortedIdSets.SENTINEL, "14", "15", "16", "17", "18");

        sets.deliver(List.of(key), List.of(channel), 19, "m", MAX, trimAbove);
        assertThat(sets.deliver(List.of(key), List.of(channel), 12, "m", MAX, MAX))
                .as("without slack (an old tweet), an ID older than everything kept is trimmed at once").isEmpty();
        assertThat(members(key)).containsExactly(SortedIdSets.SENTINEL, "15", "16", "17", "18", "19");
    }

    @Test
    void deliversAfterRedisHasLostItsScripts() {
        String key = PREFIX + TestNames.unique("noscript");
        complete(key);
        redis.execute((RedisCallback<String>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });

        assertThat(sets.deliver(List.of(key), List.of(key + ":chan"), 7, "m", MAX, MAX)).containsExactly(0);
        assertThat(members(key)).containsExactly(SortedIdSets.SENTINEL, "7");
    }

    @Test
    void refusesALimitBelowTheCap() {
        assertThatThrownBy(() -> sets.deliver(List.of(PREFIX + "x"), List.of(PREFIX + "c"), 1, "m", MAX, MAX - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void landsInASetThatIsBeingBuilt() {
        String key = PREFIX + TestNames.unique("building");
        sets.beginBuild(key);

        assertThat(sets.deliver(List.of(key), List.of(key + ":chan"), 42, "m", MAX, MAX)).containsExactly(0);
        assertThat(members(key)).containsExactly(SortedIdSets.SENTINEL, "42");
    }

    @Test
    void publishesOnTheChannelOfEachSetItLandedInOnly() {
        String run = PREFIX + TestNames.unique("publish");
        List<String> keys = List.of(run + ":home:a", run + ":home:b", run + ":home:c");
        List<String> channels = List.of(run + ":chan:a", run + ":chan:b", run + ":chan:c");
        complete(keys.get(0));
        complete(keys.get(2));
        List<String> heard = new CopyOnWriteArrayList<>();
        // Sharded pub/sub, as the streams subscribe (Spring Data Redis has no SSUBSCRIBE): Lettuce directly.
        RedisClient client = (RedisClient) ((LettuceConnectionFactory) redis.getRequiredConnectionFactory())
                .getRequiredNativeClient();
        try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub()) {
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String channel, String message) {
                    heard.add(channel + "=" + message);
                }
            });
            subscriber.sync().ssubscribe(channels.toArray(String[]::new));

            assertThat(sets.deliver(keys, channels, 100, "{\"tweet\":1}", MAX, MAX)).containsExactly(0, 2);

            await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 2);
            assertThat(heard).containsExactlyInAnyOrder(channels.get(0) + "={\"tweet\":1}",
                    channels.get(2) + "={\"tweet\":1}");
        }
    }

    private void complete(String key) {
        sets.beginBuild(key);
        sets.completeBuild(key, List.of(), MAX, Duration.ofMinutes(5));
    }

    private List<String> members(String key) {
        return new ArrayList<>(redis.opsForZSet().range(key, 0, -1));
    }
}
