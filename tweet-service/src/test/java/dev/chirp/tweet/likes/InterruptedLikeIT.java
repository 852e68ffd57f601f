package dev.chirp.tweet.likes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.TweetLiked;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #23: the like edge is claimed first (a lightweight transaction) and the count, the user's list row and the
 * event follow. When a step after the claim fails, a retry of the same request must finish what the first one
 * started.
 */
class InterruptedLikeIT extends TweetITBase {

    @Test
    void aRetryFinishesALikeInterruptedAfterItsClaim() {
        String id = tweet(anyUserId(), "like me once");
        long tweetId = Long.parseLong(id);
        long fan = anyUserId();
        // what the first attempt left when the counter update after its claim timed out: the claim row alone
        Instant likedAt = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        cql().execute("INSERT INTO likes_by_tweet (tweet_id, user_id, liked_at) VALUES (?, ?, ?)",
                tweetId, fan, likedAt);

        for (int i = 0; i < 2; i++) {
            JsonNode retry = http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(fan)).json();
            assertThat(retry.get("like_count").asLong()).as(retry.toString()).isEqualTo(1);
        }

        assertThat(http.get("/api/v1/tweets/" + id, null).json().get("like_count").asLong()).isEqualTo(1);
        JsonNode likes = http.get("/api/v1/users/" + fan + "/likes", null).json();
        assertThat(likes.get("items").valueStream().map(t -> t.get("id").asString())).containsExactly(id);
        // one event (by ID: the relay may publish one twice, consumers drop that)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("likes").stream()
                .filter(e -> e.payload() instanceof TweetLiked l && l.tweetId() == tweetId)
                .map(EventEnvelope::eventId).distinct()).hasSize(1));

        JsonNode unliked = http.delete("/api/v1/tweets/" + id + "/like", TestTokens.bearer(fan)).json();
        assertThat(unliked.get("like_count").asLong()).isZero();
    }

    @Test
    void anUnlikeOfAnInterruptedLikeCountsNothingNegative() {
        String id = tweet(anyUserId(), "never quite liked");
        long fan = anyUserId();
        cql().execute("INSERT INTO likes_by_tweet (tweet_id, user_id, liked_at) VALUES (?, ?, ?)",
                Long.parseLong(id), fan, Instant.now().truncatedTo(ChronoUnit.MILLIS));

        JsonNode unliked = http.delete("/api/v1/tweets/" + id + "/like", TestTokens.bearer(fan)).json();

        assertThat(unliked.get("like_count").asLong()).isZero();
        assertThat(http.get("/api/v1/users/" + fan + "/likes", null).json().get("items")).isEmpty();
        // the stored counter, not the clamped view of it: the unlike took back only what had been counted
        assertThat(cql().execute("SELECT like_count FROM tweet_counts WHERE tweet_id = ?", Long.parseLong(id))
                .one().getLong(0)).isZero();
        assertThat(http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(fan)).json().get("like_count")
                .asLong()).isEqualTo(1);
    }
}
