package dev.chirp.timeline.users;

import dev.chirp.shared.event.UserCreated;
import dev.chirp.shared.event.UserUpdated;
import dev.chirp.timeline.IncomingEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link UserCardProjection} from chirp.users (consumer group {@code timeline-users}); upserts, so replay-safe.
 */
@Component
class UserCardsListener {

    private final IncomingEvents events;
    private final UserCardProjection cards;

    UserCardsListener(IncomingEvents events, UserCardProjection cards) {
        this.events = events;
        this.cards = cards;
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}users",
            id = "timeline-users", idIsGroup = false,
            groupId = "${chirp.timeline.group-prefix:}timeline-users")
    void onUserEvent(ConsumerRecord<String, String> record) {
        events.read(record.topic(), record.value()).ifPresent(envelope -> {
            if (envelope.payload() instanceof UserCreated created) {
                cards.save(created.user(), envelope.occurredAt());
            } else if (envelope.payload() instanceof UserUpdated updated) {
                cards.save(updated.user(), envelope.occurredAt());
            }
        });
    }
}
