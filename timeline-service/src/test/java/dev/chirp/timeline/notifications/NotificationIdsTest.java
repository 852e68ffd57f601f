package dev.chirp.timeline.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.chirp.shared.id.ChirpIds;
import org.junit.jupiter.api.Test;

class NotificationIdsTest {

    private static final Instant AT = Instant.parse("2026-11-21T12:00:00.123Z");

    @Test
    void theSameEventGivesTheSameId() {
        assertThat(NotificationIds.of("e1", NotificationType.LIKE, 7, AT))
                .isEqualTo(NotificationIds.of("e1", NotificationType.LIKE, 7, AT));
    }

    @Test
    void differentEventsTypesOrRecipientsGiveDifferentIds() {
        long id = NotificationIds.of("e1", NotificationType.MENTION, 7, AT);
        assertThat(NotificationIds.of("e2", NotificationType.MENTION, 7, AT)).isNotEqualTo(id);
        assertThat(NotificationIds.of("e1", NotificationType.REPLY, 7, AT)).isNotEqualTo(id);
        assertThat(NotificationIds.of("e1", NotificationType.MENTION, 8, AT)).isNotEqualTo(id);
    }

    @Test
    void idsSortByTheEventsTime() {
        long id = NotificationIds.of("e1", NotificationType.FOLLOW, 7, AT);
        assertThat(ChirpIds.timeOf(id)).isEqualTo(AT);
        assertThat(NotificationIds.of("e0", NotificationType.FOLLOW, 7, AT.plusMillis(1))).isGreaterThan(id);
    }
}
