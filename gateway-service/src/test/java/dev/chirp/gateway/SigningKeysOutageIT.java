package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * user-service's key endpoint goes down after the gateway fetched the keys once (a small HTTP server on 127.0.0.1
 * that starts answering 500): tokens keep verifying past the key set's max age, on the last good keys, until the
 * stale-if-error bound; then they cannot be checked (503) until the endpoint is back. The bound (20 s) is generous
 * because a loaded build machine can take seconds per request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningKeysOutageIT {

    private static final String KEY_PREFIX = TestNames.prefix();

    private final AtomicInteger failedFetches = new AtomicInteger();
    private volatile boolean failing;
    private HttpServer jwks;
    private ConfigurableApplicationContext gateway;
    private WebTestClient client;

    @BeforeAll
    void start() throws IOException {
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            try (exchange) {
                byte[] body = (failing ? "{\"error\":\"down\"}" : TestTokens.jwks()).getBytes(StandardCharsets.UTF_8);
                if (failing) {
                    failedFetches.incrementAndGet();
                }
                exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        jwks.start();
        gateway = new SpringApplicationBuilder(GatewayServiceApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--chirp.gateway.rate-limits.key-prefix=" + KEY_PREFIX,
                "--chirp.gateway.services.tweet=" + GatewayITBase.TWEET.uri(),
                "--chirp.gateway.auth.jwks-uri=http://127.0.0.1:" + jwks.getAddress().getPort()
                        + "/.well-known/jwks.json",
                "--chirp.gateway.auth.jwks-timeout=10s",
                "--chirp.gateway.auth.jwks-max-age=1s",
                "--chirp.gateway.auth.jwks-refetch-interval=200ms",
                "--chirp.gateway.auth.jwks-stale-if-error=20s");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    void stop() {
        ReactiveStringRedisTemplate redis = gateway.getBean(ReactiveStringRedisTemplate.class);
        redis.scan(ScanOptions.scanOptions().match(KEY_PREFIX + "*").build()).flatMap(redis::delete)
                .blockLast(Duration.ofSeconds(10));
        gateway.close();
        jwks.stop(0);
    }

    @Test
    void lastGoodKeysServeThroughAnOutageUpToTheBoundThenStop() {
        assertThat(status()).isEqualTo(200);

        failing = true;
        long started = System.nanoTime();
        List<Integer> duringOutage = new CopyOnWriteArrayList<>();
        // Past the 1 s max age, refreshes fail (at least two attempts): every answer meanwhile is still a 200.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            duringOutage.add(status());
            return failedFetches.get() >= 2;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(1));
        assertThat(duringOutage).isNotEmpty().containsOnly(200);
        MeterRegistry meters = gateway.getBean(MeterRegistry.class);
        assertThat(meters.get("chirp.jwks.refresh.failures").functionCounter().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("chirp.jwks.stale.seconds").gauge().value()).isPositive();

        // 1 s max age + 20 s stale-if-error after the last good fetch: then the token cannot be checked any more.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            int status = status();
            return status == 503;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(10));

        failing = false;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> status() == 200);
        assertThat(meters.get("chirp.jwks.stale.seconds").gauge().value()).isZero();
    }

    private int status() {
        return client.get().uri("/api/v1/tweets/1").header("Authorization", TestTokens.bearer(7)).exchange()
                .returnResult(String.class).getStatus().value();
    }
}
