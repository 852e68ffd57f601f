package dev.chirp.search.elastic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of index/delete operations in one bulk request. Every operation is keyed by the entity's ID, so a
 * replayed batch rewrites the same documents. A document that Elasticsearch refuses for what it is (a 4xx item:
 * bad coordinates, say) is logged and skipped, like a poison message; an overloaded or failing cluster (429, 5xx,
 * no answer) fails the whole batch so that the consumer retries it and nothing is lost.
 */
@Component
public class BulkIndexer {

    private static final Logger log = LoggerFactory.getLogger(BulkIndexer.class);

    private final ElasticsearchClient elasticsearch;
    private final Timer indexingLag;
    private final Clock clock;

    BulkIndexer(ElasticsearchClient elasticsearch, MeterRegistry meters, Clock clock) {
        this.elasticsearch = elasticsearch;
        this.clock = clock;
        this.indexingLag = Timer.builder("chirp.search.indexing.lag")
                .description("time from an event's occurrence to its effect on the search index")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** One operation and the time its event occurred (for the indexing-lag metric). */
    public record Change(BulkOperation operation, Instant occurredAt) {
    }

    public void write(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        BulkResponse response;
        try {
            response = elasticsearch.bulk(b -> b.operations(changes.stream().map(Change::operation).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    continue;
                }
                if (item.status() == 429 || item.status() >= 500) {
                    throw new IllegalStateException("bulk item " + item.id() + " failed with " + item.status()
                            + ": " + item.error().reason());
                }
                log.warn("skipping document {} in {}: {} {}", item.id(), item.index(), item.status(),
                        item.error().reason());
            }
        }
        Instant now = clock.instant();
        changes.forEach(change -> indexingLag.record(Duration.between(change.occurredAt(), now)));
    }
}
