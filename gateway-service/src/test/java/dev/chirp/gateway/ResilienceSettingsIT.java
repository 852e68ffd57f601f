package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.chirp.testsupport.TestTokens;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code resilience4j.*} settings of application.yml reach the bulkhead and circuit breaker that Spring Cloud
 * CircuitBreaker puts on each route (a property that binds to nothing would leave resilience4j's defaults, e.g. 25
 * calls in flight, in force without a word).
 */
class ResilienceSettingsIT extends GatewayITBase {

    @Autowired
    BulkheadRegistry bulkheads;
    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @Test
    void theRouteOfAServiceHasTheConfiguredBulkheadAndCircuitBreaker() {
        client().get().uri("/api/v1/users/123").header("Authorization", TestTokens.bearer(newUserId()))
                .exchange().expectStatus().isOk();

        Bulkhead bulkhead = bulkheads.getAllBulkheads().stream().filter(b -> b.getName().equals("user"))
                .findFirst().orElseThrow(() -> new AssertionError("no bulkhead named user; have "
                        + bulkheads.getAllBulkheads().stream().map(Bulkhead::getName).toList()));
        assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(200);
        assertThat(bulkhead.getBulkheadConfig().getMaxWaitDuration()).isEqualTo(Duration.ZERO);

        CircuitBreaker breaker = circuitBreakers.getAllCircuitBreakers().stream()
                .filter(c -> c.getName().equals("user")).findFirst()
                .orElseThrow(() -> new AssertionError("no circuit breaker named user"));
        CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
        assertThat(config.getSlidingWindowSize()).isEqualTo(20);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(10);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
    }
}
