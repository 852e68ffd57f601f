package dev.chirp.search.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.chirp.search.SearchProperties;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
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
        return RestClient.builder(HttpHost.create(properties.elasticsearchUrl()))
                .setRequestConfigCallback(config -> config
                        .setConnectTimeout((int) properties.elasticsearchConnectTimeout().toMillis())
                        .setConnectionRequestTimeout((int) properties.elasticsearchConnectTimeout().toMillis())
                        .setSocketTimeout((int) properties.elasticsearchTimeout().toMillis()))
                .build();
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
