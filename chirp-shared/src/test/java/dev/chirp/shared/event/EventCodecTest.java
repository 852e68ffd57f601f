package dev.chirp.shared.event;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final Instant now = Instant.parse("2026-11-21T19:12:21.599Z");

    @Test
    void roundTripsEveryEventType() {
        TweetSnapshot tweet = new TweetSnapshot(42L, 7L, "alice", "héllo #Chirp @bob 🐦", now, List.of(9L), 41L, 8L,
                List.of(new TweetSnapshot.Mention(8L, "bob")), List.of("chirp"),
                new TweetSnapshot.GeoPoint(52.52, 13.405));
        UserSnapshot user = new UserSnapshot(7L, "alice", "Alice", null, "Berlin", null, now);
        List<ChirpEvent> events = List.of(new TweetCreated(tweet), new TweetDeleted(42L, 7L, now),
                new TweetLiked(42L, 7L, 8L, now, 3), new TweetUnliked(42L, 7L, 8L, now, 2), new UserCreated(user),
                new UserUpdated(user), new UserFollowed(8L, 7L, now, 10), new UserUnfollowed(8L, 7L, now, 9));
        for (ChirpEvent event : events) {
            EventEnvelope<ChirpEvent> envelope = codec.envelope(event, now);
            EventEnvelope<ChirpEvent> decoded = codec.decode(codec.encode(envelope)).orElseThrow();
            assertThat(decoded).isEqualTo(envelope);
        }
    }

    @Test
    void wireFormatIsTheSnakeCaseEnvelope() {
        String json = codec.encode(codec.envelope(new TweetDeleted(42L, 7L, now), now));
        assertThat(json).contains("\"event_id\":", "\"type\":\"TweetDeleted\"", "\"version\":1",
                "\"occurred_at\":\"2026-11-21T19:12:21.599Z\"", "\"payload\":{", "\"tweet_id\":42",
                "\"author_id\":7");
    }

    @Test
    void unknownTypesAndNewerVersionsAreSkippedNotFatal() {
        assertThat(codec.decode("{\"event_id\":\"x\",\"type\":\"TweetPinned\",\"version\":1,"
                + "\"occurred_at\":\"2026-11-21T19:12:21.599Z\",\"payload\":{}}")).isEmpty();
        assertThat(codec.decode("{\"event_id\":\"x\",\"type\":\"TweetDeleted\",\"version\":2,"
                + "\"occurred_at\":\"2026-11-21T19:12:21.599Z\",\"payload\":{}}")).isEmpty();
    }

    @Test
    void brokenEnvelopesAreRefused() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"TweetDeleted\",\"version\":1}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void keysFollowDesignRuleFive() {
        assertThat(new UserFollowed(8L, 7L, now, 1).key()).isEqualTo("7");
        assertThat(new TweetLiked(42L, 7L, 8L, now, 1).key()).isEqualTo("42");
        assertThat(new TweetDeleted(42L, 7L, now).key()).isEqualTo("7");
        assertThat(new Topics("chirp.", 6, (short) 1).name(Topic.TWEETS)).isEqualTo("chirp.tweets");
    }
}
