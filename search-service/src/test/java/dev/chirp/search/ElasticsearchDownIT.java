package dev.chirp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.chirp.search.support.SearchITBase;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.testsupport.CuttableProxy;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestServiceTokens;
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

/**
 * A second search-service on the same indexes whose Elasticsearch is reached through a {@link CuttableProxy}; the
 * shared context indexes the data. With the proxy cut or blackholed, searches answer 503 problem+json with
 * {@code Retry-After} within {@link #FAST}, and trends (Redis) still answer; after {@code restore()} search works
 * again. The shared Elasticsearch is never touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElasticsearchDownIT extends SearchITBase {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchDownIT.class);

    /** Generous: about not hanging on a dead cluster (the client's default 30 s), not about speed. */
    private static final Duration FAST = Duration.ofSeconds(5);

    private CuttableProxy elasticsearch;
    private ConfigurableApplicationContext second;
    private TestHttp secondHttp;

    @BeforeAll
    void startSecondInstance() {
        URI url = URI.create(STACK.elasticsearchUrl());
        elasticsearch = CuttableProxy.to(url.getHost(), url.getPort());
        second = new SpringApplicationBuilder(SearchServiceApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + STACK.kafkaBootstrapServers(),
                "--spring.data.redis.host=" + STACK.redisHost(),
                "--spring.data.redis.port=" + STACK.redisPort(),
                // its listeners would take partitions from the shared context and stall them while cut
                "--spring.kafka.listener.auto-startup=false",
                "--chirp.search.elasticsearch-url=http://" + elasticsearch.address(),
                "--chirp.search.elasticsearch-timeout=1s",
                "--chirp.kafka.topics.prefix=" + TOPIC_PREFIX,
                // as the shared context: more would add partitions its consumers do not see for minutes
                "--chirp.kafka.topics.partitions=2",
                "--chirp.search.index-prefix=" + INDEX_PREFIX,
                "--chirp.search.consumer-group-prefix=" + GROUP_PREFIX,
                "--chirp.search.trends.key-prefix=" + KEY_PREFIX,
                "--chirp.search.tweet-service-url=" + SIBLINGS.baseUrl(),
                "--chirp.search.user-service-url=" + SIBLINGS.baseUrl(),
                "--chirp.security.jwks=" + TestTokens.jwks(),
                "--" + TestServiceTokens.PROPERTY + "=" + TestServiceTokens.secret());
        secondHttp = new TestHttp(((WebServerApplicationContext) second).getWebServer().getPort());
    }

    @AfterEach
    void restore() {
        elasticsearch.restore();
    }

    @AfterAll
    void stop() {
        second.close();
        elasticsearch.close();
    }

    @Test
    void searchIs503WithRetryAfterFastWhileElasticsearchIsCutAndTrendsStillAnswer() {
        String word = marker();
        TweetSnapshot tweet = publishTweet("esdown", "findable " + word, List.of());
        String query = "/api/v1/search/tweets?q=" + word;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(searchTweets(word)).as("through the shared context")
                        .containsExactly(Long.toString(tweet.id())));
        TestHttp.Response before = secondHttp.get(query, null);
        assertThat(ids(before)).as(before.body()).containsExactly(Long.toString(tweet.id()));
        elasticsearch.cut();

        for (String path : List.of(query, "/api/v1/search/users?q=" + word)) {
            long started = System.nanoTime();
            TestHttp.Response refused = secondHttp.get(path, null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("answered in {} ms", took.toMillis());
            assertUnavailable(refused);
            assertThat(took).isLessThan(FAST);
        }
        assertThat(secondHttp.get("/api/v1/trends", null).status()).isEqualTo(200);

        elasticsearch.restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            TestHttp.Response found = secondHttp.get(query, null);
            return found.status() == 200 && ids(found).equals(List.of(Long.toString(tweet.id())));
        });
    }

    @Test
    void searchIntoAHungElasticsearchIs503WithinTheClientTimeout() {
        elasticsearch.blackhole();

        long started = System.nanoTime();
        TestHttp.Response refused = secondHttp.get("/api/v1/search/tweets?q=" + marker(), null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("answered in {} ms", took.toMillis());

        assertUnavailable(refused);
        // chirp.search.elasticsearch-timeout is 1 s here (5 s by default)
        assertThat(took).isLessThan(FAST);
    }

    private static void assertUnavailable(TestHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/service-unavailable");
        assertThat(response.header("Retry-After")).hasValueSatisfying(value ->
                assertThat(Long.parseLong(value)).isPositive());
    }
}
