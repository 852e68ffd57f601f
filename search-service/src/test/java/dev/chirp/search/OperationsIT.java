package dev.chirp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.chirp.search.support.SearchITBase;
import dev.chirp.testsupport.TestHttp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;

class OperationsIT extends SearchITBase {

    @Test
    void readinessChecksElasticsearchThroughClusterHealth() {
        TestHttp.Response readiness = get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void indexingLagIsMeasured() {
        String m = marker();
        publishTweet("ann", m + " measured", List.of());
        await().atMost(Duration.ofSeconds(15)).until(() -> searchTweets(m).size() == 1);

        String metrics = get("/actuator/prometheus").body();

        assertThat(metrics).contains("chirp_search_indexing_lag_seconds_count");
    }

    @Test
    void indexesAreRefreshedTwiceASecond() throws Exception {
        // The API promises a new tweet is searchable within 2 s; the refresh interval is most of that budget.
        for (String index : List.of(INDEX_PREFIX + "tweets", INDEX_PREFIX + "users")) {
            HttpResponse<String> settings = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(STACK.elasticsearchUrl() + "/" + index + "/_settings")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(settings.statusCode()).isEqualTo(200);
            assertThat(json.readTree(settings.body()).path(index).path("settings").path("index")
                    .path("refresh_interval").asString()).isEqualTo("500ms");
        }
    }

    @Test
    void consumerGroupsCarryTheConfiguredPrefix() {
        // What lets a second instance rebuild its own indexes from the topics (README "Rebuilding the indexes").
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                STACK.kafkaBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listGroups().all().get()
                    .stream().map(GroupListing::groupId)).containsAll(GROUPS));
        }
    }
}
