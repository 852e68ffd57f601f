package dev.chirp.search.elastic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.chirp.search.SearchProperties;
import org.apache.http.Header;
import org.apache.http.HttpHeaders;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The 8.19 client, built by hand: Boot 4's Elasticsearch auto-configuration needs the 9.x client, which an 8.19
 * server refuses, so it is absent from the classpath and stays off.
 */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(SearchProperties properties) {
        RestClientBuilder builder = RestClient.builder(hosts(properties.elasticsearchUrl()))
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout((int) properties.elasticsearchConnectTimeout().toMillis())
                        .setConnectionRequestTimeout((int) properties.elasticsearchConnectTimeout().toMillis())
                        .setSocketTimeout((int) properties.elasticsearchTimeout().toMillis()));
        authorization(properties).ifPresent(value ->
                builder.setDefaultHeaders(new Header[] {new BasicHeader(HttpHeaders.AUTHORIZATION, value)}));
        return builder.build();
    }

    /**
     * The nodes of {@code chirp.search.elasticsearch-url}, comma-separated: the client spreads requests over them and
     * sends a request to the next node when one does not answer, so one node of a cluster may be lost.
     */
    static HttpHost[] hosts(String urls) {
        HttpHost[] hosts = Arrays.stream(urls.split(","))
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .map(HttpHost::create)
                .toArray(HttpHost[]::new);
        if (hosts.length == 0) {
            throw new IllegalStateException("chirp.search.elasticsearch-url names no node: '" + urls + "'");
        }
        return hosts;
    }

    /**
     * The Authorization header for a cluster with security on: an API key, or basic credentials; none when neither
     * is configured (the local server runs with security off). Both at once is a configuration mistake.
     */
    static Optional<String> authorization(SearchProperties properties) {
        boolean user = !properties.elasticsearchUsername().isEmpty();
        boolean apiKey = !properties.elasticsearchApiKey().isEmpty();
        if (user && apiKey) {
            throw new IllegalStateException("set chirp.search.elasticsearch-username/-password or "
                    + "chirp.search.elasticsearch-api-key, not both");
        }
        if (!user && !properties.elasticsearchPassword().isEmpty()) {
            throw new IllegalStateException("chirp.search.elasticsearch-password is set without "
                    + "chirp.search.elasticsearch-username");
        }
        if (apiKey) {
            return Optional.of("ApiKey " + properties.elasticsearchApiKey());
        }
        if (user) {
            String pair = properties.elasticsearchUsername() + ":" + properties.elasticsearchPassword();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    @Bean
    ElasticsearchClient elasticsearchClient(RestClient restClient) {
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    /** Cluster health, not ping(): the local build answers {@code GET /} with 405. */
    @Bean
    HealthIndicator elasticsearchHealthIndicator(ElasticsearchClient elasticsearch) {
        return () -> {
            try {
                HealthStatus status = elasticsearch.cluster().health().status();
                return status == HealthStatus.Red
                        ? Health.down().withDetail("status", status.jsonValue()).build()
                        : Health.up().withDetail("status", status.jsonValue()).build();
            } catch (Exception e) {
                return Health.down(e).build();
            }
        };
    }
}
