package dev.chirp.testsupport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/**
 * The local Elasticsearch (the integ-test-zip build) indexes and searches through the 8.19 Java client, built the
 * way the services build it: RestClient, RestClientTransport, Jackson 2 mapper. Cluster health stands in for
 * info()/ping(), which this build does not answer.
 */
class ElasticsearchIT {

    private final LocalStack stack = LocalStack.get();

    record Note(String id, String text) {
    }

    @Test
    void indexesADocumentAndFindsItWithAMatchQuery() throws IOException {
        try (RestClient restClient = RestClient.builder(HttpHost.create(stack.elasticsearchUrl())).build();
                RestClientTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper())) {
            ElasticsearchClient es = new ElasticsearchClient(transport);
            assertThat(es.cluster().health().status()).isIn(HealthStatus.Green, HealthStatus.Yellow);

            String index = TestNames.prefix() + "notes";
            es.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(m -> m.properties("id", p -> p.keyword(k -> k))
                            .properties("text", p -> p.text(t -> t.analyzer("standard")))));
            try {
                es.index(i -> i.index(index).id("n1").document(new Note("n1", "Hello local search"))
                        .refresh(Refresh.True));
                es.index(i -> i.index(index).id("n2").document(new Note("n2", "something else entirely"))
                        .refresh(Refresh.True));

                SearchResponse<Note> found = es.search(s -> s.index(index)
                        .query(q -> q.match(m -> m.field("text").query("search"))), Note.class);

                assertThat(found.hits().hits()).hasSize(1);
                assertThat(found.hits().hits().get(0).source()).isEqualTo(new Note("n1", "Hello local search"));
            } finally {
                es.indices().delete(d -> d.index(index));
            }
            assertThat(es.indices().exists(e -> e.index(index)).value()).isFalse();
        }
    }
}
