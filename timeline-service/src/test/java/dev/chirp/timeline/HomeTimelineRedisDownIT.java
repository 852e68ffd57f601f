package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.testsupport.CuttableProxy;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/**
 * A second timeline-service on the same data whose Redis is reached through a {@link CuttableProxy} (what one lost
 * Redis Cluster primary is to the users whose keys it held, until its replica takes over). With the proxy cut, a home
 * timeline is built from Cassandra as a rebuild would hold it, written nowhere, paged by the same cursor and marked
 * {@code Chirp-Degraded: timeline}; after {@code restore()} the page comes from Redis again, unmarked. The shared
 * Redis is never touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomeTimelineRedisDownIT extends TimelineITBase {

    private static final Logger log = LoggerFactory.getLogger(HomeTimelineRedisDownIT.class);

    /** Generous: this is about not hanging on a dead store, not about speed. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private CuttableProxy redisProxy;
    private ConfigurableApplicationContext second;
    private TestHttp secondHttp;

    @BeforeAll
    void startSecondInstance() {
        LocalStack stack = LocalStack.get();
        redisProxy = CuttableProxy.to(stack.redisHost(), stack.redisPort());
        Stream<String> shared = Arrays.stream(secondInstanceArguments())
                .filter(argument -> !argument.startsWith("--spring.data.redis.host=")
                        && !argument.startsWith("--spring.data.redis.port="));
        // its listeners would take partitions from the shared context and stall them while cut
        Stream<String> own = Stream.of("--spring.kafka.listener.auto-startup=false",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisProxy.port());
        second = new SpringApplicationBuilder(TimelineServiceApplication.class)
                .run(Stream.concat(shared, own).toArray(String[]::new));
        secondHttp = new TestHttp(((WebServerApplicationContext) second).getWebServer().getPort());
    }

    @AfterEach
    void restore() {
        redisProxy.restore();
    }

    @AfterAll
    void stop() {
        second.close();
        redisProxy.close();
    }

    @Test
    void withRedisAwayTheTimelineIsBuiltFromCassandraPagedAndMarked() {
        long reader = newUserId();
        long friend = newUserId();
        long other = newUserId();
        long celebrity = newUserId();
        follow(reader, friend, 3);
        follow(reader, other, 3);
        follow(reader, celebrity, CELEBRITY_THRESHOLD + 500);
        awaitFollowing(reader, friend, true);
        awaitFollowing(reader, other, true);
        awaitFollowing(reader, celebrity, true);
        home(reader);
        TweetSnapshot older = tweet(friend);
        TweetSnapshot mine = tweet(reader);
        TweetSnapshot newer = tweet(other);
        TweetSnapshot notFollowed = tweet(newUserId());
        TweetSnapshot fromCelebrity = tweet(celebrity);
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == 4);
        redisProxy.cut();

        long started = System.nanoTime();
        TestHttp.Response first = secondHttp.get("/api/v1/timeline/home?limit=2", TestTokens.bearer(reader));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("answered in {} ms", took.toMillis());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(took).isLessThan(FAST);
        // the celebrity's tweet is merged from Cassandra too, without asking the Redis that just failed again
        assertThat(first.header("Chirp-Degraded")).hasValue("timeline");
        assertThat(ids(first.json())).containsExactly(fromCelebrity.id(), newer.id());
        JsonNode cursor = first.json().get("next_cursor");
        assertThat(cursor.isNull()).isFalse();
        TestHttp.Response second = secondHttp.get("/api/v1/timeline/home?limit=2&cursor=" + cursor.asString(),
                TestTokens.bearer(reader));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(ids(second.json())).containsExactly(mine.id(), older.id()).doesNotContain(notFollowed.id());

        redisProxy.restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            TestHttp.Response whole = secondHttp.get("/api/v1/timeline/home", TestTokens.bearer(reader));
            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.header("Chirp-Degraded")).isEmpty();
            assertThat(ids(whole.json())).containsExactly(fromCelebrity.id(), newer.id(), mine.id(), older.id());
        });
    }
}
