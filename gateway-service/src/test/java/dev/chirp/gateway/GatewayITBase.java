package dev.chirp.gateway;

import java.net.InetSocketAddress;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestTokens;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * One gateway for every IT class (one Spring context): real Redis under a fresh key prefix, and fake services on
 * random ports standing in for user-, tweet-, timeline- and media-service. search-service is "stopped": its URL
 * points at a port where nothing listens. The fake user-service also serves the JWK set the gateway trusts.
 *
 * <p>Rate limits are tiny here so that bucket behaviour is observable; every test therefore calls from its own
 * client address ({@link #client()}) and as its own users ({@link #newUserId()}), so no test drains another's
 * bucket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayITBase {

    static final String KEY_PREFIX = TestNames.prefix();
    static final FakeService USER = new FakeService("user");
    static final FakeService TWEET = new FakeService("tweet");
    static final FakeService TIMELINE = new FakeService("timeline");
    static final FakeService MEDIA = new FakeService("media");
    static final int STOPPED_SEARCH_PORT = FakeService.closedPort();

    /** Keys added to the trusted JWK set after start, to watch the gateway pick up a rotated key. */
    static final List<JWK> ROTATED_KEYS = new CopyOnWriteArrayList<>();

    static final int READ_CAPACITY = 5;
    static final int LOGIN_CAPACITY = 2;
    static final int ACCOUNT_LOGIN_CAPACITY = 3;
    /** Callers from these addresses are proxies the gateway trusts to name the client in X-Forwarded-For. */
    static final String TRUSTED_PROXIES = "127.0.9.0/24";

    private static final AtomicInteger CLIENT_ADDRESSES = new AtomicInteger();
    private static final AtomicLong USER_IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));

    static {
        USER.serving("/.well-known/jwks.json", GatewayITBase::trustedKeys)
                .serving("/v3/api-docs", () -> """
                        {"openapi":"3.1.0","info":{"title":"user-service","version":"v1"},
                         "paths":{"/api/v1/users/{id}":{"get":{"operationId":"getUser","responses":{"200":{
                                      "description":"ok","content":{"application/json":{"schema":{
                                          "$ref":"#/components/schemas/User"}}}}}}},
                                  "/internal/users":{"get":{"operationId":"internalUsers","responses":{"200":{
                                      "description":"ok","content":{"application/json":{"schema":{
                                          "$ref":"#/components/schemas/Users"}}}}}}}},
                         "components":{"schemas":{"User":{"type":"object"},"Users":{"type":"object"},
                                                  "Problem":{"type":"object"}}}}""");
        TWEET.serving("/v3/api-docs", () -> """
                {"openapi":"3.1.0","info":{"title":"tweet-service","version":"v1"},
                 "paths":{"/api/v1/tweets/{id}":{"get":{"operationId":"getTweet","responses":{"200":{
                                                     "description":"ok","content":{"application/json":{
                                                         "schema":{"$ref":"#/components/schemas/Tweet"}}}}}},
                                                 "delete":{"operationId":"deleteTweet"}},
                          "/api/v1/users/{id}/tweets":{"get":{"operationId":"userTweets"}}},
                 "components":{"schemas":{"Tweet":{"type":"object"},"Problem":{"type":"object"}}}}""");
    }

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        // The operations port is random here (8180 may be the running gateway's); ManagementPortIT reads it.
        registry.add("management.server.port", () -> "0");
        registry.add("chirp.gateway.services.user", () -> USER.uri().toString());
        registry.add("chirp.gateway.services.tweet", () -> TWEET.uri().toString());
        registry.add("chirp.gateway.services.timeline", () -> TIMELINE.uri().toString());
        registry.add("chirp.gateway.services.search", () -> "http://127.0.0.1:" + STOPPED_SEARCH_PORT);
        registry.add("chirp.gateway.services.media", () -> MEDIA.uri().toString());
        registry.add("chirp.gateway.auth.jwks-uri", () -> USER.uri() + "/.well-known/jwks.json");
        // Every test that names an unknown key may refetch; the throttle itself is KeySetCacheTest's subject.
        registry.add("chirp.gateway.auth.jwks-refetch-interval", () -> "0s");
        registry.add("chirp.gateway.api-docs.cache-for", () -> "100ms");
        registry.add("chirp.gateway.rate-limits.key-prefix", () -> KEY_PREFIX);
        // Exact bucket counts must not be blurred by fail-open on a busy build machine.
        registry.add("chirp.gateway.rate-limits.redis-timeout", () -> "3s");
        registry.add("chirp.gateway.rate-limits.reads.capacity", () -> READ_CAPACITY);
        registry.add("chirp.gateway.rate-limits.reads.refill-per-second", () -> "0.5");
        registry.add("chirp.gateway.rate-limits.writes.capacity", () -> 3);
        registry.add("chirp.gateway.rate-limits.writes.refill-per-second", () -> "0.5");
        registry.add("chirp.gateway.rate-limits.uploads.capacity", () -> 2);
        registry.add("chirp.gateway.rate-limits.uploads.refill-per-second", () -> "0.2");
        registry.add("chirp.gateway.rate-limits.logins.capacity", () -> LOGIN_CAPACITY);
        registry.add("chirp.gateway.rate-limits.logins.refill-per-second", () -> "0.2");
        registry.add("chirp.gateway.rate-limits.login-accounts.capacity", () -> ACCOUNT_LOGIN_CAPACITY);
        registry.add("chirp.gateway.rate-limits.login-accounts.refill-per-second", () -> "0.2");
        registry.add("chirp.gateway.cors.allowed-origins", () -> "https://app.chirp.test");
        // As in the cluster: Spring Boot's Kubernetes defaults apply (among them, honouring forwarded headers).
        registry.add("spring.main.cloud-platform", () -> "kubernetes");
        registry.add("chirp.gateway.trusted-proxies", () -> TRUSTED_PROXIES);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @AfterAll
    void deleteBuckets() {
        redis.scan(ScanOptions.scanOptions().match(KEY_PREFIX + "*").build())
                .flatMap(redis::delete)
                .blockLast(Duration.ofSeconds(10));
    }

    /** A client calling from a loopback address no other test uses, so per-address buckets start full. */
    WebTestClient client() {
        int n = CLIENT_ADDRESSES.incrementAndGet();
        return clientFrom("127.0." + (10 + n / 250) + "." + (1 + n % 250));
    }

    /** The gateway's public address, for requests whose raw path must reach it exactly as written. */
    URI raw(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    WebTestClient clientFrom(String sourceAddress) {
        HttpClient http = HttpClient.create().bindAddress(() -> new InetSocketAddress(sourceAddress, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
    }

    static long newUserId() {
        return USER_IDS.incrementAndGet();
    }

    static void assertProblem(WebTestClient.ResponseSpec response, int status) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.type").value(Matchers.startsWith("https://chirp.dev/problems/"))
                .jsonPath("$.title").exists()
                .jsonPath("$.detail").exists()
                .jsonPath("$.instance").exists();
    }

    private static String trustedKeys() {
        try {
            List<JWK> keys = new ArrayList<>(JWKSet.parse(TestTokens.jwks()).getKeys());
            keys.addAll(ROTATED_KEYS);
            return new JWKSet(keys).toString();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
