package dev.chirp.tweet.tweets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;

/**
 * A counter update that failed (a Cassandra node's crash: the update timed out and may or may not have been applied)
 * leaves its target on {@code counter_recounts} (CounterUpdates); the service's pass recounts it from its rows. Here
 * the counter is put off by hand, as such a failure leaves it, and the target listed as CounterUpdates lists it.
 */
class CountRecountIT extends TweetITBase {

    @Test
    void aLikeCountLeftShortByAFailedUpdateIsRecountedFromTheEdges() {
        String id = tweet(anyUserId(), "liked through a crash");
        long tweetId = Long.parseLong(id);
        for (int i = 0; i < 3; i++) {
            assertThat(http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(anyUserId())).status())
                    .isEqualTo(200);
        }
        // the third like's update never reached the counter
        cql().execute("UPDATE tweet_counts SET like_count = like_count - 1 WHERE tweet_id = ?", tweetId);
        assertThat(likeCount(id)).isEqualTo(2);

        listForRecount("like_count", tweetId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(likeCount(id)).isEqualTo(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(listed("like_count", tweetId)).isZero());
        // and the next like counts on from the mended figure
        assertThat(http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(anyUserId())).json()
                .get("like_count").asLong()).isEqualTo(4);
    }

    @Test
    void aLikeCountAppliedTwiceIsBroughtDownAndAnEdgeNotYetCountedIsLeftOut() {
        String id = tweet(anyUserId(), "liked once, counted twice");
        long tweetId = Long.parseLong(id);
        assertThat(http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(anyUserId())).status())
                .isEqualTo(200);
        cql().execute("UPDATE tweet_counts SET like_count = like_count + 1 WHERE tweet_id = ?", tweetId);
        // a like claimed but not yet counted (its request still under way): the counter has not counted it either
        cql().execute("INSERT INTO likes_by_tweet (tweet_id, user_id, liked_at) VALUES (?, ?, toTimestamp(now()))",
                tweetId, anyUserId());

        listForRecount("like_count", tweetId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(listed("like_count", tweetId)).isZero());
        assertThat(storedLikeCount(tweetId)).isEqualTo(1);
    }

    @Test
    void aReplyCountIsRecountedFromTheReplies() {
        long author = anyUserId();
        String parent = tweet(author, "ask me anything");
        long parentId = Long.parseLong(parent);
        for (int i = 0; i < 2; i++) {
            assertThat(post(anyUserId(), Map.of("text", "a reply " + i, "reply_to_id", parent)).status())
                    .isEqualTo(201);
        }
        cql().execute("UPDATE tweet_counts SET reply_count = reply_count + 5 WHERE tweet_id = ?", parentId);

        listForRecount("reply_count", parentId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("/api/v1/tweets/" + parent,
                null).json().get("reply_count").asLong()).isEqualTo(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(listed("reply_count", parentId))
                .isZero());
    }

    /** What CounterUpdates writes when an update fails. */
    private static void listForRecount(String counter, long id) {
        cql().execute("INSERT INTO counter_recounts (counter, target_id) VALUES (?, ?)", counter, id);
    }

    private static long listed(String counter, long id) {
        return cql().execute("SELECT COUNT(*) FROM counter_recounts WHERE counter = ? AND target_id = ?", counter, id)
                .one().getLong(0);
    }

    private static long storedLikeCount(long tweetId) {
        return cql().execute("SELECT like_count FROM tweet_counts WHERE tweet_id = ?", tweetId).one().getLong(0);
    }

    /** The count a reader sees: the counts cache drops its copy when the recount moves the counter. */
    private long likeCount(String id) {
        return http.get("/api/v1/tweets/" + id, null).json().get("like_count").asLong();
    }
}
