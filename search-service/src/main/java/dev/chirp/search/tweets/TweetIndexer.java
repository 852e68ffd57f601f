package dev.chirp.search.tweets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import dev.chirp.search.elastic.BulkIndexer;
import dev.chirp.search.elastic.BulkIndexer.Change;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the tweet index in step with {@code chirp.tweets}: a created tweet is indexed under its ID, a deleted one
 * is deleted by ID. Both are idempotent, and one author's events stay in order (the topic is keyed by author), so
 * a replay ends in the same index.
 */
@Component
class TweetIndexer {

    private static final Logger log = LoggerFactory.getLogger(TweetIndexer.class);

    private final TweetIndex index;
    private final BulkIndexer bulk;
    private final EventCodec codec;

    TweetIndexer(TweetIndex index, BulkIndexer bulk, EventCodec codec) {
        this.index = index;
        this.bulk = bulk;
        this.codec = codec;
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}tweets",
            groupId = "${chirp.search.consumer-group-prefix:}search-tweet-index",
            containerFactory = "batchListenerFactory")
    void onTweetEvents(List<String> messages) {
        List<Change> changes = new ArrayList<>();
        for (String message : messages) {
            try {
                codec.decode(message).flatMap(TweetIndexer.this::changeFor).ifPresent(changes::add);
            } catch (RuntimeException e) {
                log.warn("skipping an unreadable record on the tweets topic: {}", e.toString());
            }
        }
        if (!changes.isEmpty()) {
            index.ensureCreated();
            bulk.write(changes);
        }
    }

    private Optional<Change> changeFor(EventEnvelope<ChirpEvent> envelope) {
        if (envelope.payload() instanceof TweetCreated created) {
            Map<String, Object> document = TweetIndex.document(created.tweet());
            return Optional.of(new Change(BulkOperation.of(o -> o.index(i -> i.index(index.name())
                    .id(Long.toString(created.tweet().id())).document(document))), envelope.occurredAt()));
        }
        if (envelope.payload() instanceof TweetDeleted deleted) {
            return Optional.of(new Change(BulkOperation.of(o -> o.delete(d -> d.index(index.name())
                    .id(Long.toString(deleted.tweetId())))), envelope.occurredAt()));
        }
        return Optional.empty();
    }
}
