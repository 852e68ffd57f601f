package dev.chirp.testsupport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

/** The local Redis does what home timelines need: sorted sets read newest first, below a cursor, trimmed by rank. */
class RedisIT {

    private final LocalStack stack = LocalStack.get();

    @Test
    void sortedSetWorksLikeAHomeTimeline() {
        String key = TestNames.prefix() + "timeline:42";
        RedisClient client = RedisClient.create(stack.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            try {
                // Tweet IDs are time-ordered, so the ID is also the score.
                for (long id = 101; id <= 110; id++) {
                    redis.zadd(key, id, Long.toString(id));
                }
                assertThat(redis.zadd(key, 105, "105")).as("re-adding is a no-op").isZero();

                List<String> firstPage = redis.zrevrangebyscore(key, Range.<Long>unbounded(), Limit.create(0, 3));
                assertThat(firstPage).containsExactly("110", "109", "108");

                // Next page: strictly below the cursor (the last ID seen).
                List<String> nextPage = redis.zrevrangebyscore(key,
                        Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(108L)), Limit.create(0, 3));
                assertThat(nextPage).containsExactly("107", "106", "105");

                // Trim to the newest 4: drop ranks 0..(size-5), i.e. the oldest.
                assertThat(redis.zremrangebyrank(key, 0, -5)).isEqualTo(6);
                assertThat(redis.zrevrangeWithScores(key, 0, -1)).extracting(ScoredValue::getValue)
                        .containsExactly("110", "109", "108", "107");
            } finally {
                redis.del(key);
            }
            assertThat(redis.exists(key)).isZero();
        } finally {
            client.shutdown();
        }
    }
}
