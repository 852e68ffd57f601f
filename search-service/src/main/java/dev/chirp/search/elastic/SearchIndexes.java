package dev.chirp.search.elastic;

import java.io.IOException;
import java.io.UncheckedIOException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import dev.chirp.search.SearchProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Index names under the configured prefix, and creation with explicit mappings when an index is missing. */
@Component
public class SearchIndexes {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexes.class);

    private final ElasticsearchClient elasticsearch;
    private final SearchProperties properties;

    SearchIndexes(ElasticsearchClient elasticsearch, SearchProperties properties) {
        this.elasticsearch = elasticsearch;
        this.properties = properties;
    }

    public String name(String logicalName) {
        return properties.indexPrefix() + logicalName;
    }

    /**
     * Creates the index unless it exists, refreshed every {@code refresh-interval} (so that new documents are
     * searchable within the 2 s the API promises); dynamic mapping is strict so that a stray field is an error, not
     * a silent new mapping.
     */
    public void createIfMissing(String index, TypeMapping mapping) {
        createIfMissingOrFail(index, mapping);
    }

    /**
     * At startup: creates the index, or gives an existing one the configured refresh interval. An Elasticsearch
     * that is not up yet must not stop the service from starting (readiness reports it, and the indexers create
     * the index before their first write).
     */
    public void createIfReachable(String index, TypeMapping mapping) {
        try {
            if (!createIfMissingOrFail(index, mapping)) {
                elasticsearch.indices().putSettings(p -> p.index(index)
                        .settings(s -> s.refreshInterval(t -> t.time(refreshInterval()))));
            }
        } catch (RuntimeException | IOException e) {
            log.warn("could not create or configure index {} at startup, will retry before the first write: {}",
                    index, e.toString());
        }
    }

    private String refreshInterval() {
        return properties.refreshInterval().toMillis() + "ms";
    }

    /** True when this call created the index. */
    private boolean createIfMissingOrFail(String index, TypeMapping mapping) {
        try {
            if (elasticsearch.indices().exists(e -> e.index(index)).value()) {
                return false;
            }
            elasticsearch.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards(Integer.toString(properties.indexShards()))
                            .numberOfReplicas(Integer.toString(properties.indexReplicas()))
                            .refreshInterval(t -> t.time(refreshInterval())))
                    .mappings(mapping));
            log.info("created index {}", index);
            return true;
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
