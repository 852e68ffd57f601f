package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.chirp.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A second gateway whose Redis is a closed port: requests are still served (fail open), and counted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDownIT {

    private ConfigurableApplicationContext gateway;
    private WebTestClient client;

    @BeforeAll
    void start() {
        gateway = new SpringApplicationBuilder(GatewayServiceApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.data.redis.port=" + FakeService.closedPort(),
                "--chirp.gateway.services.user=" + GatewayITBase.USER.uri(),
                "--chirp.gateway.services.tweet=" + GatewayITBase.TWEET.uri(),
                "--chirp.gateway.auth.jwks-uri=" + GatewayITBase.USER.uri() + "/.well-known/jwks.json");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void requestsAreServedWithoutRedisAndTheConditionIsCounted() {
        MeterRegistry meters = gateway.getBean(MeterRegistry.class);
        double before = meters.counter("chirp.gateway.ratelimit.failopen").count();
        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/v1/tweets/1").header("Authorization", TestTokens.bearer(42)).exchange()
                    .expectStatus().isOk()
                    .expectHeader().exists("X-RateLimit-Limit")
                    .expectHeader().exists("X-RateLimit-Remaining");
        }
        client.get().uri("/api/v1/tweets/2").exchange().expectStatus().isOk();
        assertThat(meters.counter("chirp.gateway.ratelimit.failopen").count()).isEqualTo(before + 4);
    }

    @Test
    void loginsAndSignupsFailClosedWithoutRedis() {
        int forwarded = GatewayITBase.USER.received("/api/v1/auth/login").size()
                + GatewayITBase.USER.received("/api/v1/auth/signup").size();
        for (String path : new String[] {"/api/v1/auth/login", "/api/v1/auth/signup"}) {
            WebTestClient.ResponseSpec refused = client.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"login\":\"alice\",\"password\":\"guess\"}").exchange();
            refused.expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isPositive());
        }
        assertThat(GatewayITBase.USER.received("/api/v1/auth/login").size()
                + GatewayITBase.USER.received("/api/v1/auth/signup").size()).isEqualTo(forwarded);
    }
}
