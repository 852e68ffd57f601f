package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.chirp.testsupport.TestNames;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Operations endpoints live on the management port only; on the public port they are not routed. A gateway of its
 * own (both ports random), so that its ports are read from its own environment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementPortIT {

    private static final String KEY_PREFIX = TestNames.prefix();

    private ConfigurableApplicationContext gateway;
    private WebTestClient publicPort;
    private WebTestClient managementPort;

    @BeforeAll
    void start() {
        gateway = new SpringApplicationBuilder(GatewayServiceApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--chirp.gateway.rate-limits.key-prefix=" + KEY_PREFIX,
                "--chirp.gateway.services.user=" + GatewayITBase.USER.uri(),
                "--chirp.gateway.services.tweet=" + GatewayITBase.TWEET.uri(),
                "--chirp.gateway.services.timeline=" + GatewayITBase.TIMELINE.uri(),
                "--chirp.gateway.services.search=http://127.0.0.1:" + FakeService.closedPort(),
                "--chirp.gateway.services.media=" + GatewayITBase.MEDIA.uri(),
                "--chirp.gateway.auth.jwks-uri=" + GatewayITBase.USER.uri() + "/.well-known/jwks.json");
        String port = gateway.getEnvironment().getProperty("local.server.port");
        String management = gateway.getEnvironment().getProperty("local.management.port");
        assertThat(management).isNotNull().isNotEqualTo(port);
        publicPort = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build();
        managementPort = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + management)
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    void stop() {
        ReactiveStringRedisTemplate redis = gateway.getBean(ReactiveStringRedisTemplate.class);
        redis.scan(ScanOptions.scanOptions().match(KEY_PREFIX + "*").build()).flatMap(redis::delete)
                .blockLast(Duration.ofSeconds(10));
        gateway.close();
    }

    @Test
    void actuatorIsNotOnThePublicPort() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
                "/actuator"}) {
            publicPort.get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(404)
                    .jsonPath("$.type").value(Matchers.startsWith("https://chirp.dev/problems/"));
        }
    }

    @Test
    void actuatorIsOnTheManagementPortAndNotRateLimited() {
        for (int i = 0; i < 5; i++) {
            managementPort.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                    .expectHeader().doesNotExist("X-RateLimit-Limit");
        }
        managementPort.get().uri("/actuator/health").exchange().expectStatus().isOk();
        managementPort.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("X-RateLimit-Limit")
                .expectBody(String.class).value(body -> assertThat(body).contains("chirp_gateway_ratelimit_rejected"));
    }

    @Test
    void apiDocumentAndSwaggerUiStayOnThePublicPort() {
        publicPort.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        publicPort.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }
}
