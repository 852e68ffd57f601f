package dev.chirp.tweet.users;

import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.UserCreated;
import dev.chirp.shared.event.UserUpdated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps {@link UserProjection} in step with chirp.users. Upserts are idempotent, so replays change nothing. */
@Component
class UserEventsListener {

    private static final Logger log = LoggerFactory.getLogger(UserEventsListener.class);

    private final EventCodec codec;
    private final UserProjection directory;

    UserEventsListener(EventCodec codec, UserProjection directory) {
        this.codec = codec;
        this.directory = directory;
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}users", groupId = "tweet-service-users")
    void onUserEvent(String json) {
        try {
            codec.decode(json).ifPresent(envelope -> {
                if (envelope.payload() instanceof UserCreated created) {
                    directory.apply(created.user(), envelope.occurredAt());
                } else if (envelope.payload() instanceof UserUpdated updated) {
                    directory.apply(updated.user(), envelope.occurredAt());
                }
            });
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException poison) {
            log.warn("Skipping an unreadable chirp.users record: {}", poison.toString());
        }
    }
}
