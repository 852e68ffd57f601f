package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * A second timeline-service on the same data whose Cassandra is reached through a {@link CuttableProxy}; the shared
 * context sets the data up. With the proxy cut, a home timeline held in Redis is served (within {@link #FAST}),
 * without the followed celebrities' tweets (their list is in Cassandra) and with what tweet-service could not read
 * marked, both named in {@code Chirp-Degraded}; a timeline that would have to be rebuilt from Cassandra is a 503 with
 * {@code Retry-After}. After {@code restore()} the whole page is back. The shared Cassandra is never touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomeTimelineCassandraDownIT extends TimelineITBase {

    private static final Logger log = LoggerFactory.getLogger(HomeTimelineCassandraDownIT.class);

    /** Generous: this is about not hanging on a dead store, not about speed. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private CuttableProxy cassandra;
    private ConfigurableApplicationContext second;
    private TestHttp secondHttp;

    @BeforeAll
    void startSecondInstance() {
        LocalStack stack = LocalStack.get();
        cassandra = CuttableProxy.to(stack.cassandraAddress().getHostString(), stack.cassandraAddress().getPort());
        // A repeated option would be read as a list of both contact points, and the driver may pick the real one.
        Stream<String> shared = Arrays.stream(secondInstanceArguments())
                .filter(argument -> !argument.startsWith("--spring.cassandra.contact-points="));
        // its listeners would take partitions from the shared context and stall them while cut
        Stream<String> own = Stream.of("--spring.kafka.listener.auto-startup=false",
                "--spring.cassandra.contact-points=" + cassandra.address());
        second = new SpringApplicationBuilder(TimelineServiceApplication.class)
                .run(Stream.concat(shared, own).toArray(String[]::new));
        secondHttp = new TestHttp(((WebServerApplicationContext) second).getWebServer().getPort());
    }

    @AfterEach
    void restore() {
        cassandra.restore();
    }

    @AfterAll
    void stop() {
        second.close();
        cassandra.close();
    }

    @Test
    void aTimelineInRedisIsServedWithoutCelebritiesAndWithMissingCountsMarked() {
        long reader = newUserId();
        long friend = newUserId();
        long celebrity = newUserId();
        follow(reader, friend, 3);
        follow(reader, celebrity, CELEBRITY_THRESHOLD + 500);
        awaitFollowing(reader, friend, true);
        awaitFollowing(reader, celebrity, true);
        home(reader);
        TweetSnapshot first = tweet(friend);
        TweetSnapshot fromCelebrity = tweet(celebrity);
        TweetSnapshot uncounted = tweet(friend);
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == 3);
        TWEETS.withoutCounts(uncounted.id(), true);
        cassandra.cut();

        long started = System.nanoTime();
        TestHttp.Response page = secondHttp.get("/api/v1/timeline/home", TestTokens.bearer(reader));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("answered in {} ms", took.toMillis());

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(took).isLessThan(FAST);
        assertThat(page.header("Chirp-Degraded")).hasValue("celebrities, engagement");
        assertThat(ids(page.json())).containsExactly(uncounted.id(), first.id());
        JsonNode newest = page.json().get("items").get(0);
        assertThat(newest.get("like_count").isNull()).isTrue();
        assertThat(newest.get("reply_count").isNull()).isTrue();
        assertThat(page.json().get("items").get(1).get("like_count").asLong()).isZero();

        TWEETS.withoutCounts(uncounted.id(), false);
        cassandra.restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            TestHttp.Response whole = secondHttp.get("/api/v1/timeline/home", TestTokens.bearer(reader));
            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.header("Chirp-Degraded")).isEmpty();
            assertThat(ids(whole.json())).containsExactly(uncounted.id(), fromCelebrity.id(), first.id());
        });
    }

    @Test
    void aTimelineThatWouldHaveToBeRebuiltFromCassandraIs503WithRetryAfterFast() {
        long reader = newUserId();
        cassandra.cut();

        long started = System.nanoTime();
        TestHttp.Response refused = secondHttp.get("/api/v1/timeline/home", TestTokens.bearer(reader));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("answered in {} ms", took.toMillis());

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(took).isLessThan(FAST);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).hasValueSatisfying(value ->
                assertThat(Long.parseLong(value)).isPositive());
        // at most the marker of the build that failed (it expires, and the next read builds again): no tweet
        assertThat(redis.opsForZSet().rangeByScore(homeKey(reader), 1, Double.MAX_VALUE)).isEmpty();

        cassandra.restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                secondHttp.get("/api/v1/timeline/home", TestTokens.bearer(reader)).status() == 200);
        assertThat(ids(secondHttp.get("/api/v1/timeline/home", TestTokens.bearer(reader)).json())).isEqualTo(List.of());
    }
}
