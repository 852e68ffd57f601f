package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The gateway's http.server.requests carries uri="UNKNOWN" for every proxied call, so dashboards and the latency
 * alert read the per-route timer spring.cloud.gateway.requests instead (deploy/README.md): it must exist, carry the
 * route id, and have histogram buckets for quantiles. Read from the registry, not the actuator endpoint, so the test
 * does not depend on the port the actuator listens on.
 */
class RouteMetricsIT extends GatewayITBase {

    @Autowired
    MeterRegistry registry;

    @Test
    void proxiedRequestsAreTimedPerRouteWithBuckets() {
        client().get().uri("/api/v1/users/1").exchange().expectStatus().isOk();

        // Other ITs share this context and call the same route with other methods: one timer per route and method.
        Timer timer = await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("spring.cloud.gateway.requests")
                .tag("routeId", "users").tag("httpMethod", "GET").timer(), t -> t != null && t.count() > 0);
        assertThat(timer.takeSnapshot().histogramCounts()).as("percentiles-histogram buckets").isNotEmpty();
    }
}
