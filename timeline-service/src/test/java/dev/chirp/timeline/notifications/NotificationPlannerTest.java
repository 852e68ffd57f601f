package dev.chirp.timeline.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.event.TweetLiked;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.TweetSnapshot.Mention;
import dev.chirp.shared.event.UserFollowed;
import org.junit.jupiter.api.Test;

class NotificationPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void aFollowNotifiesTheFollowee() {
        assertThat(NotificationPlanner.plan(new UserFollowed(1, 2, NOW, 10)))
                .containsExactly(new PlannedNotification(2, NotificationType.FOLLOW, 1, null));
    }

    @Test
    void aLikeNotifiesTheAuthorButNotWhenTheyLikeTheirOwnTweet() {
        assertThat(NotificationPlanner.plan(new TweetLiked(100, 2, 1, NOW, 1)))
                .containsExactly(new PlannedNotification(2, NotificationType.LIKE, 1, 100L));
        assertThat(NotificationPlanner.plan(new TweetLiked(100, 2, 2, NOW, 1))).isEmpty();
    }

    @Test
    void mentionsNotifyEachMentionedUserOnceAndNeverTheAuthor() {
        TweetSnapshot tweet = tweet(1, null, null, List.of(new Mention(2, "b"), new Mention(3, "c"),
                new Mention(2, "b"), new Mention(1, "me")));

        assertThat(NotificationPlanner.plan(new TweetCreated(tweet))).containsExactly(
                new PlannedNotification(2, NotificationType.MENTION, 1, 100L),
                new PlannedNotification(3, NotificationType.MENTION, 1, 100L));
    }

    @Test
    void aReplyNotifiesTheRepliedAuthorOnceEvenWhenAlsoMentioned() {
        TweetSnapshot reply = tweet(1, 50L, 2L, List.of(new Mention(2, "b"), new Mention(3, "c")));

        assertThat(NotificationPlanner.plan(new TweetCreated(reply))).containsExactly(
                new PlannedNotification(2, NotificationType.REPLY, 1, 100L),
                new PlannedNotification(3, NotificationType.MENTION, 1, 100L));
    }

    @Test
    void replyingToOneselfNotifiesNobody() {
        assertThat(NotificationPlanner.plan(new TweetCreated(tweet(1, 50L, 1L, List.of())))).isEmpty();
    }

    @Test
    void otherEventsNotifyNobody() {
        assertThat(NotificationPlanner.plan(new TweetDeleted(100, 1, NOW))).isEmpty();
    }

    private static TweetSnapshot tweet(long author, Long replyTo, Long replyToAuthor, List<Mention> mentions) {
        return new TweetSnapshot(100, author, "a", "text", NOW, List.of(), replyTo, replyToAuthor, mentions,
                List.of(), null);
    }
}
