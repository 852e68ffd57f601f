package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.chirp.testsupport.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #20: right after a start the services' first documents are slow, and a partial merged document used to be
 * cached as long as a whole one (30 s with 4 of 24 paths). Here a whole document is kept for an hour, a partial one
 * for 200 ms; search-service's document is held back past the fetch timeout until the test lets it through.
 * A gateway context of its own: the shared one (GatewayITBase) has search-service stopped for good.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialApiDocsIT {

    private static final String KEY_PREFIX = TestNames.prefix();
    private static final String DOCS = "/v3/api-docs";
    private static final FakeService USER = new FakeService("user").serving(DOCS, () -> """
            {"openapi":"3.1.0","paths":{"/api/v1/users/{id}":{"get":{"operationId":"getUser"}}}}""");
    private static final FakeService TWEET = new FakeService("tweet").serving(DOCS, () -> """
            {"openapi":"3.1.0","paths":{"/api/v1/tweets/{id}":{"get":{"operationId":"getTweet"}}}}""");
    private static final FakeService TIMELINE = new FakeService("timeline").serving(DOCS, () -> """
            {"openapi":"3.1.0","paths":{"/api/v1/timeline/home":{"get":{"operationId":"home"}}}}""");
    private static final FakeService MEDIA = new FakeService("media").serving(DOCS, () -> """
            {"openapi":"3.1.0","paths":{"/api/v1/media/{id}":{"get":{"operationId":"getMedia"}}}}""");
    private static final FakeService SEARCH = new FakeService("search").holding(DOCS).serving(DOCS, () -> """
            {"openapi":"3.1.0","paths":{"/api/v1/search/tweets":{"get":{"operationId":"searchTweets"}}}}""");

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("chirp.gateway.services.user", () -> USER.uri().toString());
        registry.add("chirp.gateway.services.tweet", () -> TWEET.uri().toString());
        registry.add("chirp.gateway.services.timeline", () -> TIMELINE.uri().toString());
        registry.add("chirp.gateway.services.search", () -> SEARCH.uri().toString());
        registry.add("chirp.gateway.services.media", () -> MEDIA.uri().toString());
        registry.add("chirp.gateway.auth.jwks-uri", () -> USER.uri() + "/.well-known/jwks.json");
        registry.add("chirp.gateway.rate-limits.key-prefix", () -> KEY_PREFIX);
        registry.add("chirp.gateway.api-docs.cache-for", () -> "1h");
        registry.add("chirp.gateway.api-docs.partial-cache-for", () -> "200ms");
        registry.add("chirp.gateway.api-docs.fetch-timeout", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    private final JsonMapper json = JsonMapper.builder().build();

    @AfterAll
    void deleteBuckets() {
        redis.scan(ScanOptions.scanOptions().match(KEY_PREFIX + "*").build())
                .flatMap(redis::delete)
                .blockLast(Duration.ofSeconds(10));
    }

    @Test
    void aPartialDocumentNamesTheMissingServiceAndIsAssembledAgainSoon() {
        JsonNode partial = document();
        assertThat(partial.path("x-chirp-missing-services").valueStream().map(JsonNode::asString))
                .containsExactly("search-service");
        assertThat(partial.at("/info/description").asString()).contains("INCOMPLETE", "search-service");
        assertThat(partial.path("paths").propertyNames())
                .contains("/api/v1/users/{id}", "/api/v1/media/{id}").doesNotContain("/api/v1/search/tweets");

        SEARCH.release(DOCS);

        JsonNode whole = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(this::document, document -> !document.has("x-chirp-missing-services"));
        assertThat(whole.path("paths").propertyNames()).contains("/api/v1/search/tweets", "/api/v1/users/{id}");
        assertThat(whole.at("/info/description").asString()).doesNotContain("INCOMPLETE");

        // A whole document is kept for cache-for: the services are not asked again.
        int fetches = SEARCH.received(DOCS).size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> document().equals(whole) && SEARCH.received(DOCS).size() == fetches);
    }

    private JsonNode document() {
        byte[] body = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15)).build()
                .get().uri(DOCS).exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return json.readTree(body);
    }
}
