package dev.chirp.tweet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.chirp.testsupport.CuttableProxy;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
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
 * A second tweet-service whose Cassandra is reached through a {@link CuttableProxy}, beside the shared context (same
 * keyspace, same Redis prefix: the data is set up through the shared one). With the proxy cut: a post answers 503
 * with {@code Retry-After} within {@link #FAST} and writes nothing; the batch lookup serves the cached bodies with
 * counts marked missing and leaves out what is not cached. After {@code restore()} both work as before. The shared
 * Cassandra is never touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraDownIT extends TweetITBase {

    private static final Logger log = LoggerFactory.getLogger(CassandraDownIT.class);

    /** Generous: this is about not hanging on a dead store (a client's 30 s), not about speed. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private CuttableProxy cassandra;
    private ConfigurableApplicationContext degraded;
    private TestHttp degradedHttp;

    @BeforeAll
    void startSecondInstance() {
        cassandra = CuttableProxy.to(STACK.cassandraAddress().getHostString(), STACK.cassandraAddress().getPort());
        degraded = new SpringApplicationBuilder(TweetServiceApplication.class).run(
                "--server.port=0",
                "--spring.cassandra.contact-points=" + cassandra.address(),
                "--spring.cassandra.local-datacenter=" + STACK.cassandraDatacenter(),
                "--spring.kafka.bootstrap-servers=" + STACK.kafkaBootstrapServers(),
                "--spring.data.redis.host=" + STACK.redisHost(),
                "--spring.data.redis.port=" + STACK.redisPort(),
                // its listeners would take partitions from the shared context and stall them while cut
                "--spring.kafka.listener.auto-startup=false",
                "--chirp.cassandra.keyspace=" + KEYSPACE,
                "--chirp.kafka.topics.prefix=" + TOPICS,
                "--chirp.tweet.cache.key-prefix=" + REDIS_PREFIX,
                "--chirp.tweet.media.url=" + MEDIA.url(),
                "--chirp.security.jwks=" + TestTokens.jwks(),
                "--" + TestServiceTokens.PROPERTY + "=" + TestServiceTokens.secret());
        degradedHttp = new TestHttp(((WebServerApplicationContext) degraded).getWebServer().getPort());
    }

    @AfterEach
    void restore() {
        cassandra.restore();
    }

    @AfterAll
    void stop() {
        degraded.close();
        cassandra.close();
    }

    @Test
    void aPostWhileCassandraIsDownIs503WithRetryAfterFastAndWritesNothing() {
        long author = newUser(uniqueHandle());
        cassandra.cut();

        for (String key : new String[] {null, "key-" + uniqueHandle()}) {
            String[] headers = key == null ? new String[0] : new String[] {"Idempotency-Key", key};
            long started = System.nanoTime();
            TestHttp.Response refused = degradedHttp.postJson("/api/v1/tweets",
                    TestHttp.JSON.writeValueAsString(Map.of("text", "during the outage")), TestTokens.bearer(author),
                    headers);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("answered in {} ms", took.toMillis());

            assertUnavailable(refused);
            assertThat(took).isLessThan(FAST);
        }
        cassandra.restore();
        assertThat(tweetsBy(author)).isZero();
        assertThat(count("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ? ALLOW FILTERING", author))
                .isZero();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                degradedHttp.postJson("/api/v1/tweets", TestHttp.JSON.writeValueAsString(Map.of("text", "back")),
                        TestTokens.bearer(author)).status() == 201);
        assertThat(tweetsBy(author)).isEqualTo(1);
    }

    @Test
    void aPostIntoABlackholedCassandraIs503WithinTheDriverTimeouts() {
        long author = newUser(uniqueHandle());
        cassandra.blackhole();

        long started = System.nanoTime();
        TestHttp.Response refused = degradedHttp.postJson("/api/v1/tweets",
                TestHttp.JSON.writeValueAsString(Map.of("text", "into the void")), TestTokens.bearer(author));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("answered in {} ms", took.toMillis());

        assertUnavailable(refused);
        // spring.cassandra.request.timeout is 5 s: one statement may wait that long, never the client's 30 s
        assertThat(took).isLessThan(Duration.ofSeconds(12));
        cassandra.restore();
        assertThat(tweetsBy(author)).isZero();
    }

    @Test
    void theBatchLookupServesCachedBodiesWithCountsMarkedMissingAndLeavesOutTheRest() {
        long author = newUser(uniqueHandle());
        long viewer = anyUserId();
        String cached = tweet(author, "cached before the outage");
        String uncached = tweet(author, "never cached");
        String lookup = "/internal/tweets?ids=" + cached + "," + uncached + "&viewer=" + viewer;
        // through the second instance: its author cards are in its memory, the bodies and likes in Redis
        assertThat(degradedHttp.getInternal(lookup).json().get("items")).hasSize(2);
        deleteRedisKeys(REDIS_PREFIX + "counts:{" + cached + "}", REDIS_PREFIX + "body:" + uncached);
        cassandra.cut();

        long started = System.nanoTime();
        TestHttp.Response page = degradedHttp.getInternal(lookup);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("answered in {} ms", took.toMillis());

        assertThat(page.status()).isEqualTo(200);
        assertThat(took).isLessThan(FAST);
        assertThat(page.header("Chirp-Degraded")).hasValue("engagement, tweets");
        JsonNode items = page.json().get("items");
        assertThat(items).hasSize(1);
        JsonNode tweet = items.get(0);
        assertThat(tweet.get("id").asString()).isEqualTo(cached);
        assertThat(tweet.get("text").asString()).isEqualTo("cached before the outage");
        assertThat(tweet.get("author").get("handle").isNull()).isFalse();
        assertThat(tweet.get("like_count").isNull()).isTrue();
        assertThat(tweet.get("reply_count").isNull()).isTrue();
        assertThat(tweet.get("liked_by_me").asBoolean()).isFalse();

        // a single tweet is not served half: its counts are part of the answer
        assertUnavailable(degradedHttp.get("/api/v1/tweets/" + uncached, TestTokens.bearer(viewer)));

        cassandra.restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            TestHttp.Response whole = degradedHttp.getInternal(lookup);
            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.header("Chirp-Degraded")).isEmpty();
            assertThat(whole.json().get("items")).hasSize(2);
            assertThat(whole.json().get("items").get(0).get("like_count").asLong()).isZero();
        });
    }

    private static void assertUnavailable(TestHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/service-unavailable");
        assertThat(response.header("Retry-After")).hasValueSatisfying(value ->
                assertThat(Long.parseLong(value)).isPositive());
    }

    private static void deleteRedisKeys(String... keys) {
        RedisClient client = RedisClient.create(STACK.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().del(keys);
        } finally {
            client.shutdown();
        }
    }
}
