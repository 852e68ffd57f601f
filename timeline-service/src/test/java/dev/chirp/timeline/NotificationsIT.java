package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.Topic;
import dev.chirp.shared.event.TweetLiked;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.TweetSnapshot.Mention;
import dev.chirp.shared.event.TweetUnliked;
import dev.chirp.shared.event.UserFollowed;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Notifications of follows, likes, mentions and replies: shape, order, paging, never for oneself, replay-safe. */
class NotificationsIT extends TimelineITBase {

    @Test
    void followLikeMentionAndReplyEachNotifyTheOtherUserNewestFirst() {
        long me = newUser("me" + System.nanoTime() % 100000);
        long fan = newUser("fan" + System.nanoTime() % 100000);
        TweetSnapshot mine = tweet(me);
        Instant start = Instant.now();

        publish(new UserFollowed(fan, me, start, 1), start);
        publish(new TweetLiked(mine.id(), me, fan, start, 1), start.plusMillis(1));
        TweetSnapshot mention = tweetAt(start.plusMillis(2), fan, "hi @me", null, null,
                List.of(new Mention(me, "me")));
        TweetSnapshot reply = tweetAt(start.plusMillis(3), fan, "@me yes", mine.id(), me,
                List.of(new Mention(me, "me")));

        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(me, 20, null).path("items").size() == 4);
        JsonNode items = notifications(me, 20, null).path("items");

        assertThat(types(items)).containsExactly("reply", "mention", "like", "follow");
        JsonNode replyNotification = items.get(0);
        assertThat(replyNotification.path("tweet_id").asString()).isEqualTo(Long.toString(reply.id()));
        assertThat(items.get(1).path("tweet_id").asString()).isEqualTo(Long.toString(mention.id()));
        assertThat(items.get(2).path("tweet_id").asString()).isEqualTo(Long.toString(mine.id()));
        assertThat(items.get(3).path("tweet_id").isNull()).isTrue();
        JsonNode actor = replyNotification.path("actor");
        assertThat(actor.path("id").asString()).isEqualTo(Long.toString(fan));
        assertThat(actor.path("handle").asString()).startsWith("fan");
        assertThat(actor.path("display_name").asString()).startsWith("Display fan");
        assertThat(actor.path("avatar_url").asString()).endsWith("/" + fan);
        assertThat(replyNotification.path("id").asString()).matches("[0-9]+");
        assertThat(replyNotification.path("created_at").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(notifications(fan, 20, null).path("items")).as("the actor hears nothing").isEmpty();
    }

    @Test
    void nobodyIsNotifiedOfTheirOwnActions() {
        long me = newUserId();
        long witness = newUserId();
        TweetSnapshot mine = tweet(me);
        publish(new TweetLiked(mine.id(), me, me, Instant.now(), 1));
        tweet(me, "talking to @me", mine.id(), me, List.of(new Mention(me, "me")));
        // A later notification for someone else proves the events above were consumed.
        publish(new TweetLiked(mine.id(), me, witness, Instant.now(), 2));

        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(me, 20, null).path("items").size() == 1);
        awaitCaughtUp("timeline-notifications", Topic.TWEETS);
        awaitCaughtUp("timeline-notifications", Topic.LIKES);

        JsonNode items = notifications(me, 20, null).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("actor").path("id").asString()).isEqualTo(Long.toString(witness));
    }

    @Test
    void notificationsPageWithCursorsAndAReplayedEventNotifiesOnce() {
        long me = newUserId();
        List<EventEnvelope<ChirpEvent>> likes = new ArrayList<>();
        TweetSnapshot mine = tweet(me);
        Instant start = Instant.now();
        for (int i = 0; i < 5; i++) {
            Instant at = start.plusMillis(i);
            likes.add(publish(new TweetLiked(mine.id(), me, newUserId(), at, i + 1), at));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(me, 20, null).path("items").size() == 5);

        likes.forEach(this::publish);
        awaitCaughtUp("timeline-notifications", Topic.LIKES);

        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = notifications(me, 2, cursor);
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            page.path("items").forEach(item -> all.add(item.path("actor").path("id").asString()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString();
        } while (cursor != null);
        List<String> newestFirst = new ArrayList<>();
        likes.forEach(like -> newestFirst.add(0, Long.toString(((TweetLiked) like.payload()).userId())));
        assertThat(all).containsExactlyElementsOf(newestFirst);
    }

    /** Toggling a like notifies once per liker and tweet: an unlike keeps it, a like again adds none; replay too. */
    @Test
    void likingUnlikingAndLikingAgainNotifiesTheAuthorOnce() {
        long me = newUserId();
        long fan = newUserId();
        TweetSnapshot mine = tweet(me);
        Instant start = Instant.now();
        List<EventEnvelope<ChirpEvent>> toggles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant at = start.plusMillis(i);
            toggles.add(publish(i % 2 == 0 ? new TweetLiked(mine.id(), me, fan, at, 1)
                    : new TweetUnliked(mine.id(), me, fan, at, 0), at));
        }
        // A later like by someone else proves the toggles before it were consumed (one partition per tweet).
        long witness = newUserId();
        publish(new TweetLiked(mine.id(), me, witness, start.plusMillis(10), 2), start.plusMillis(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> actors(notifications(me, 20, null))
                .contains(Long.toString(witness)));
        awaitCaughtUp("timeline-notifications", Topic.LIKES);
        assertThat(actors(notifications(me, 20, null))).containsExactly(Long.toString(witness), Long.toString(fan));
        JsonNode fanLike = notifications(me, 20, null).path("items").get(1);
        assertThat(fanLike.path("type").asString()).isEqualTo("like");
        assertThat(Instant.parse(fanLike.path("created_at").asString())).as("the first like's").isEqualTo(
                start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        toggles.forEach(this::publish);
        awaitCaughtUp("timeline-notifications", Topic.LIKES);
        assertThat(actors(notifications(me, 20, null))).containsExactly(Long.toString(witness), Long.toString(fan));
    }

    private static List<String> actors(JsonNode page) {
        List<String> actors = new ArrayList<>();
        page.path("items").forEach(item -> actors.add(item.path("actor").path("id").asString()));
        return actors;
    }

    private JsonNode notifications(long userId, int limit, String cursor) {
        return getJson("/api/v1/notifications?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), userId);
    }

    private static List<String> types(JsonNode items) {
        List<String> types = new ArrayList<>();
        items.forEach(item -> types.add(item.path("type").asString()));
        return types;
    }
}
