package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/** Server-Timing on API responses: the service's own entries passed on, then the gateway's steps. */
class ServerTimingIT extends GatewayITBase {

    @Test
    void homeTimelineCarriesTheServicesAndTheGatewaysTimings() {
        List<String> values = client().get().uri("/api/v1/timeline/home")
                .header("Authorization", TestTokens.bearer(newUserId()))
                .exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().get("Server-Timing");
        String all = String.join(", ", values);

        assertThat(all).contains("timeline-redis;dur=1.5");
        assertThat(all).containsPattern("gateway-auth;dur=\\d+\\.\\d\\d;desc=\"gateway: token check\"")
                .containsPattern("gateway-ratelimit;dur=\\d+\\.\\d\\d")
                .containsPattern("gateway-upstream;dur=\\d+\\.\\d\\d;desc=\"gateway: call to [^\"]*route timeline")
                .containsPattern("gateway-total;dur=\\d+\\.\\d\\d");
        assertThat(all.indexOf("timeline-redis")).as("the service's entries first")
                .isLessThan(all.indexOf("gateway-auth"));
    }

    @Test
    void refusedRequestsHaveNoUpstreamEntry() {
        List<String> values = client().get().uri("/api/v1/timeline/home").exchange()
                .expectStatus().isUnauthorized()
                .returnResult(String.class).getResponseHeaders().get("Server-Timing");

        assertThat(String.join(", ", values)).contains("gateway-auth", "gateway-total")
                .doesNotContain("gateway-upstream");
    }

    @Test
    void theWebClientsFilesCarryNoTimings() {
        client().get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist("Server-Timing");
    }
}
