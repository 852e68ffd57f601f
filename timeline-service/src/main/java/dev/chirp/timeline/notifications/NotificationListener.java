package dev.chirp.timeline.notifications;

import java.util.List;

import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.timeline.IncomingEvents;
import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.stream.ShardedChannels;
import dev.chirp.timeline.stream.StreamMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns follows, likes, replies and mentions into notifications (consumer group {@code timeline-notifications}
 * on chirp.follows, chirp.likes and chirp.tweets), and pushes fresh ones to the recipient's live stream.
 * Idempotent: the row key derives from the event ({@link NotificationIds}); a like notifies once per liker and
 * tweet, however often it is toggled ({@link LikeNotifications}).
 */
@Component
class NotificationListener {

    private final IncomingEvents events;
    private final NotificationStore store;
    private final LikeNotifications likes;
    private final NotificationViews views;
    private final ShardedChannels channels;
    private final RedisKeys keys;
    private final JsonMapper json;

    NotificationListener(IncomingEvents events, NotificationStore store, LikeNotifications likes,
                         NotificationViews views, ShardedChannels channels, RedisKeys keys, JsonMapper json) {
        this.events = events;
        this.store = store;
        this.likes = likes;
        this.views = views;
        this.channels = channels;
        this.keys = keys;
        this.json = json;
    }

    @KafkaListener(topics = {"${chirp.kafka.topics.prefix:chirp.}follows", "${chirp.kafka.topics.prefix:chirp.}likes",
            "${chirp.kafka.topics.prefix:chirp.}tweets"},
            id = "timeline-notifications", idIsGroup = false,
            groupId = "${chirp.timeline.group-prefix:}timeline-notifications")
    void onEvent(ConsumerRecord<String, String> record) {
        events.read(record.topic(), record.value()).ifPresent(this::notify);
    }

    private void notify(EventEnvelope<ChirpEvent> envelope) {
        for (PlannedNotification planned : NotificationPlanner.plan(envelope.payload())) {
            NotificationStore.Stored notification = new NotificationStore.Stored(
                    NotificationIds.of(envelope.eventId(), planned.type(), planned.recipientId(),
                            envelope.occurredAt()),
                    planned.type(), planned.actorId(), planned.tweetId(), envelope.occurredAt());
            if (planned.type() == NotificationType.LIKE && !likes.claim(planned.tweetId(), planned.actorId(),
                    notification.id(), notification.createdAt())) {
                continue;
            }
            if (store.save(planned.recipientId(), notification) && StreamMessages.isLive(envelope.occurredAt())) {
                String rendered = json.writeValueAsString(views.render(List.of(notification)).get(0));
                channels.publish(keys.userChannel(planned.recipientId()), StreamMessages.notification(rendered));
            }
        }
    }
}
