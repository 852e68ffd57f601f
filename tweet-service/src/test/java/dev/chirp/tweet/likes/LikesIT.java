package dev.chirp.tweet.likes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.chirp.shared.event.TweetLiked;
import dev.chirp.shared.event.TweetUnliked;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.tweet.TweetITBase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LikesIT extends TweetITBase {

    @Test
    void likeAndUnlikeAreIdempotentAndCountExactly() {
        long author = anyUserId();
        String id = tweet(author, "like me");
        long fan = anyUserId();
        String token = TestTokens.bearer(fan);

        JsonNode liked = http.put("/api/v1/tweets/" + id + "/like", token).json();
        assertThat(liked.get("liked").asBoolean()).isTrue();
        assertThat(liked.get("like_count").asLong()).isEqualTo(1);
        assertThat(http.put("/api/v1/tweets/" + id + "/like", token).json().get("like_count").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/tweets/" + id, token).json().get("liked_by_me").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/tweets/" + id, TestTokens.bearer(author)).json().get("liked_by_me")
                .asBoolean()).isFalse();

        JsonNode unliked = http.delete("/api/v1/tweets/" + id + "/like", token).json();
        assertThat(unliked.get("liked").asBoolean()).isFalse();
        assertThat(unliked.get("like_count").asLong()).isZero();
        assertThat(http.delete("/api/v1/tweets/" + id + "/like", token).json().get("like_count").asLong()).isZero();
        assertThat(http.get("/api/v1/tweets/" + id, token).json().get("liked_by_me").asBoolean()).isFalse();
        assertThat(http.get("/api/v1/users/" + fan + "/likes", null).json().get("items")).isEmpty();

        long tweetId = Long.parseLong(id);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var events = events("likes");
            assertThat(events).filteredOn(e -> e.payload() instanceof TweetLiked l && l.tweetId() == tweetId)
                    .singleElement().satisfies(e -> {
                        TweetLiked like = (TweetLiked) e.payload();
                        assertThat(like.tweetAuthorId()).isEqualTo(author);
                        assertThat(like.userId()).isEqualTo(fan);
                    });
            assertThat(events).filteredOn(e -> e.payload() instanceof TweetUnliked u && u.tweetId() == tweetId)
                    .hasSize(1);
        });
    }

    /** Counts and liked_by_me are cached (tweets.EngagementCache); a like or unlike must show through at once. */
    @Test
    void aLikeShowsAtOnceInViewsThatWereCachedBeforeIt() {
        long author = anyUserId();
        String id = tweet(author, "cached views");
        long fan = anyUserId();
        String fanToken = TestTokens.bearer(fan);
        String authorToken = TestTokens.bearer(author);
        for (String token : List.of(fanToken, authorToken)) {
            JsonNode before = http.get("/api/v1/tweets/" + id, token).json();
            assertThat(before.get("like_count").asLong()).isZero();
            assertThat(before.get("liked_by_me").asBoolean()).isFalse();
        }

        http.put("/api/v1/tweets/" + id + "/like", fanToken);
        JsonNode seenByFan = http.get("/api/v1/tweets/" + id, fanToken).json();
        assertThat(seenByFan.get("liked_by_me").asBoolean()).isTrue();
        assertThat(seenByFan.get("like_count").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/tweets/" + id, authorToken).json().get("like_count").asLong()).isEqualTo(1);

        http.delete("/api/v1/tweets/" + id + "/like", fanToken);
        JsonNode afterUnlike = http.get("/api/v1/tweets/" + id, fanToken).json();
        assertThat(afterUnlike.get("liked_by_me").asBoolean()).isFalse();
        assertThat(afterUnlike.get("like_count").asLong()).isZero();
    }

    /**
     * When Redis fails to take a like's invalidation, the old count stays cached; the count then lags by at most
     * chirp.tweet.cache.counts-ttl (6 s in these tests). Such a stale entry is planted directly.
     */
    @Test
    void aStaleCachedCountLastsNoLongerThanItsTimeToLive() {
        long author = anyUserId();
        String id = tweet(author, "stale count");
        http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(anyUserId()));
        RedisClient client = RedisClient.create(STACK.redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().setex(REDIS_PREFIX + "counts:{" + id + "}", 6, "0:0");
        } finally {
            client.shutdown();
        }
        assertThat(http.get("/api/v1/tweets/" + id, null).json().get("like_count").asLong())
                .as("the planted entry is what a view shows").isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.get("/api/v1/tweets/" + id, null).json().get("like_count").asLong()).isEqualTo(1));
    }

    /**
     * A tweet whose count is zero is liked by nobody: liked_by_me is answered false without a read of
     * likes_by_tweet (tweets.Engagement#likedMap), which is seen here as no entry filled into the cache for it. Once
     * the tweet has a like, the viewer's answer is read from Cassandra and cached.
     */
    @Test
    void aTweetNobodyLikedNeedsNoLookupOfWhoLikedIt() {
        String id = tweet(anyUserId(), "liked later");
        long viewer = anyUserId();
        String viewerToken = TestTokens.bearer(viewer);
        String viewersEntry = REDIS_PREFIX + "liked:" + viewer + ":" + id;

        assertThat(http.get("/api/v1/tweets/" + id, viewerToken).json().get("liked_by_me").asBoolean()).isFalse();
        assertThat(redisValue(viewersEntry)).as("inferred from the zero count, not read nor cached").isNull();

        http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(anyUserId()));
        JsonNode afterSomeoneElse = http.get("/api/v1/tweets/" + id, viewerToken).json();
        assertThat(afterSomeoneElse.get("like_count").asLong()).isEqualTo(1);
        assertThat(afterSomeoneElse.get("liked_by_me").asBoolean()).isFalse();
        assertThat(redisValue(viewersEntry)).as("read from Cassandra and cached").isEqualTo("0");
    }

    /**
     * The inference from a zero count must not hide a liker's own like even where a stale count of zero is cached
     * (see the test above): the liker's own entry, written by the like, wins.
     */
    @Test
    void aLikersOwnLikeShowsBesideAStaleCountOfZero() {
        String id = tweet(anyUserId(), "liked, stale count");
        String likerToken = TestTokens.bearer(anyUserId());
        http.put("/api/v1/tweets/" + id + "/like", likerToken);
        RedisClient client = RedisClient.create(STACK.redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().setex(REDIS_PREFIX + "counts:{" + id + "}", 6, "0:0");
        } finally {
            client.shutdown();
        }

        JsonNode seenByLiker = http.get("/api/v1/tweets/" + id, likerToken).json();
        assertThat(seenByLiker.get("like_count").asLong()).as("the planted entry is what a view shows").isZero();
        assertThat(seenByLiker.get("liked_by_me").asBoolean()).isTrue();
    }

    private static String redisValue(String key) {
        RedisClient client = RedisClient.create(STACK.redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            return redis.sync().get(key);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void likesNeedAToken() {
        String id = tweet(anyUserId(), "x");
        assertThat(http.put("/api/v1/tweets/" + id + "/like", null).status()).isEqualTo(401);
        assertThat(http.put("/api/v1/tweets/" + id + "/like", "Bearer " + TestTokens.expired(anyUserId())).status())
                .isEqualTo(401);
        assertThat(http.get("/api/v1/tweets/" + id, null).json().get("like_count").asLong()).isZero();
    }

    @Test
    void aUsersLikesAreMostRecentFirstAndPage() {
        long fan = anyUserId();
        List<String> liked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = tweet(anyUserId(), "tweet " + i);
            assertThat(http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(fan)).status()).isEqualTo(200);
            liked.add(0, id);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get("/api/v1/users/" + fan + "/likes?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), TestTokens.bearer(fan)).json();
            page.get("items").forEach(item -> {
                seen.add(item.get("id").asString());
                assertThat(item.get("liked_by_me").asBoolean()).isTrue();
            });
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(liked);
    }

    @Test
    void aHundredUsersLikingAtOnceCountAHundred() throws Exception {
        String id = tweet(anyUserId(), "popular");
        List<Callable<TestHttp.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long fan = anyUserId();
            calls.add(() -> http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(fan)));
        }
        assertThat(runAll(calls)).extracting(TestHttp.Response::status).containsOnly(200);
        assertThat(http.get("/api/v1/tweets/" + id, null).json().get("like_count").asLong()).isEqualTo(100);
        assertThat(count("SELECT COUNT(*) FROM likes_by_tweet WHERE tweet_id = ? ALLOW FILTERING",
                Long.parseLong(id))).isEqualTo(100);
    }

    @Test
    void oneUserLikingAHundredTimesAtOnceCountsOnce() throws Exception {
        String id = tweet(anyUserId(), "liked once");
        long fan = anyUserId();
        List<Callable<TestHttp.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(() -> http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(fan)));
        }
        List<TestHttp.Response> responses = runAll(calls);
        assertThat(responses).extracting(TestHttp.Response::status).containsOnly(200);
        assertThat(responses).allSatisfy(r -> assertThat(r.json().get("like_count").asLong()).isEqualTo(1));
        assertThat(http.get("/api/v1/tweets/" + id, null).json().get("like_count").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/users/" + fan + "/likes", null).json().get("items")).hasSize(1);
    }

    private static List<TestHttp.Response> runAll(List<Callable<TestHttp.Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<TestHttp.Response> responses = new ArrayList<>();
            for (Future<TestHttp.Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
