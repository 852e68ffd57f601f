package dev.chirp.search.users;

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
import dev.chirp.shared.event.UserCreated;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.shared.event.UserUpdated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the user index in step with {@code chirp.users}: a created or updated account is (re)indexed under its ID.
 * The topic is keyed by user ID, so the latest snapshot of an account is the one that stays.
 */
@Component
class UserIndexer {

    private static final Logger log = LoggerFactory.getLogger(UserIndexer.class);

    private final UserIndex index;
    private final BulkIndexer bulk;
    private final EventCodec codec;

    UserIndexer(UserIndex index, BulkIndexer bulk, EventCodec codec) {
        this.index = index;
        this.bulk = bulk;
        this.codec = codec;
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}users",
            groupId = "${chirp.search.consumer-group-prefix:}search-user-index",
            containerFactory = "batchListenerFactory")
    void onUserEvents(List<String> messages) {
        List<Change> changes = new ArrayList<>();
        for (String message : messages) {
            try {
                codec.decode(message).flatMap(this::changeFor).ifPresent(changes::add);
            } catch (RuntimeException e) {
                log.warn("skipping an unreadable record on the users topic: {}", e.toString());
            }
        }
        if (!changes.isEmpty()) {
            index.ensureCreated();
            bulk.write(changes);
        }
    }

    private Optional<Change> changeFor(EventEnvelope<ChirpEvent> envelope) {
        UserSnapshot user;
        if (envelope.payload() instanceof UserCreated created) {
            user = created.user();
        } else if (envelope.payload() instanceof UserUpdated updated) {
            user = updated.user();
        } else {
            return Optional.empty();
        }
        Map<String, Object> document = UserIndex.document(user);
        return Optional.of(new Change(BulkOperation.of(o -> o.index(i -> i.index(index.name())
                .id(Long.toString(user.id())).document(document))), envelope.occurredAt()));
    }
}
