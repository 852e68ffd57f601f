package dev.chirp.search.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.chirp.search.SearchProperties;
import org.junit.jupiter.api.Test;

/**
 * The nodes search-service sends to, and the Authorization header it sends to a cluster with security on (or none to
 * the local server).
 */
class ElasticsearchConfigurationTest {

    @Test
    void noCredentialsNoHeader() {
        assertThat(ElasticsearchConfiguration.authorization(properties("", "", ""))).isEmpty();
    }

    @Test
    void userAndPasswordAreBasicCredentials() {
        // base64("search-service:s3cret")
        assertThat(ElasticsearchConfiguration.authorization(properties("search-service", "s3cret", "")))
                .contains("Basic c2VhcmNoLXNlcnZpY2U6czNjcmV0");
    }

    @Test
    void anApiKeyIsSentAsIs() {
        assertThat(ElasticsearchConfiguration.authorization(properties("", "", "aWQ6a2V5"))).contains("ApiKey aWQ6a2V5");
    }

    @Test
    void bothOrAPasswordWithoutUserAreMistakes() {
        assertThatThrownBy(() -> ElasticsearchConfiguration.authorization(properties("u", "p", "aWQ6a2V5")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> ElasticsearchConfiguration.authorization(properties("", "p", "")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without");
    }

    @Test
    void theNodesOfAClusterAreCommaSeparated() {
        assertThat(ElasticsearchConfiguration.hosts("http://127.0.0.1:9200, http://127.0.0.1:9201,,"))
                .extracting(Object::toString)
                .containsExactly("http://127.0.0.1:9200", "http://127.0.0.1:9201");
        assertThat(ElasticsearchConfiguration.hosts("http://127.0.0.1:9200")).hasSize(1);
        assertThatThrownBy(() -> ElasticsearchConfiguration.hosts(" , "))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names no node");
    }

    private static SearchProperties properties(String user, String password, String apiKey) {
        return new SearchProperties("http://127.0.0.1:9200", Duration.ofSeconds(1), Duration.ofSeconds(5), user,
                password, apiKey, "chirp-", 1, 0,
                Duration.ofMillis(500), List.of(URI.create("http://127.0.0.1:8082")),
                List.of(URI.create("http://127.0.0.1:8081")), "",
                new SearchProperties.Trends("chirp:trends:", 5, Duration.ofMinutes(125)));
    }
}
