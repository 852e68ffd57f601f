package dev.chirp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.chirp.search.support.SearchIntegrationTest;
import org.junit.jupiter.api.Test;

class OperationsIT extends SearchIntegrationTest {

    @Test
    void readinessChecksElasticsearchThroughClusterHealth() {
        Answer readiness = get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void indexingLagIsMeasured() {
        String m = marker();
        publishTweet("ann", m + " measured", List.of());
        await().atMost(Duration.ofSeconds(15)).until(() -> searchTweets(m).size() == 1);

        String metrics = getText("/actuator/prometheus");

        assertThat(metrics).contains("chirp_search_indexing_lag_seconds_count");
    }
}
