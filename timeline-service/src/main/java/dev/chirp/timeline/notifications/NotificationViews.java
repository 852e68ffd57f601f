package dev.chirp.timeline.notifications;

import java.util.List;
import java.util.Map;

import dev.chirp.shared.id.ChirpIds;
import dev.chirp.timeline.users.UserCardProjection;
import dev.chirp.timeline.users.UserCardProjection.Card;
import org.springframework.stereotype.Component;

/**
 * Joins stored notifications with the actors' current cards at read time, so a renamed user shows up under
 * the new name everywhere and a card that arrives late is still used.
 */
@Component
class NotificationViews {

    private final UserCardProjection cards;

    NotificationViews(UserCardProjection cards) {
        this.cards = cards;
    }

    List<NotificationView> render(List<NotificationStore.Stored> notifications) {
        Map<Long, Card> actors = cards.cards(notifications.stream().map(NotificationStore.Stored::actorId).toList());
        return notifications.stream().map(n -> new NotificationView(ChirpIds.format(n.id()), n.type().wireName(),
                actors.get(n.actorId()), ChirpIds.formatNullable(n.tweetId()), n.createdAt())).toList();
    }
}
