package dev.chirp.tweet.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PostingIT extends TweetITBase {

    @Test
    void postingAnswers201WithTheWholeTweetAndALocation() {
        String handle = uniqueHandle();
        long author = newUser(handle);
        String friendHandle = uniqueHandle();
        long friend = newUser(friendHandle);
        long media = MEDIA.upload(author);

        Map<String, Object> body = new HashMap<>();
        body.put("text", "Hello @" + friendHandle.toUpperCase() + " and @nobody_here_x #Chirp #chirp #Día");
        body.put("media_ids", List.of(Long.toString(media)));
        body.put("location", Map.of("lat", 52.52, "lon", 13.405));
        TestHttp.Response response = post(author, body);

        assertThat(response.status()).isEqualTo(201);
        JsonNode tweet = response.json();
        String id = tweet.get("id").asString();
        assertThat(response.header("Location")).contains("/api/v1/tweets/" + id);
        assertThat(tweet.get("author").get("id").asString()).isEqualTo(Long.toString(author));
        assertThat(tweet.get("author").get("handle").asString()).isEqualTo(handle);
        assertThat(tweet.get("author").get("display_name").asString()).isEqualTo("Name of " + handle);
        assertThat(tweet.get("text").asString()).startsWith("Hello @");
        assertThat(tweet.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(tweet.get("media")).hasSize(1);
        assertThat(tweet.get("media").get(0).get("id").asString()).isEqualTo(Long.toString(media));
        assertThat(tweet.get("media").get(0).get("url").asString()).endsWith("/api/v1/media/" + media + "/content");
        assertThat(tweet.get("media").get(0).has("owner_id")).isFalse();
        assertThat(tweet.get("reply_to_id").isNull()).isTrue();
        assertThat(tweet.get("mentions")).hasSize(1);
        assertThat(tweet.get("mentions").get(0).get("id").asString()).isEqualTo(Long.toString(friend));
        assertThat(tweet.get("mentions").get(0).get("handle").asString()).isEqualTo(friendHandle);
        assertThat(tweet.get("hashtags").valueStream().map(JsonNode::asString)).containsExactly("chirp", "día");
        assertThat(tweet.get("location").get("lat").asDouble()).isEqualTo(52.52);
        assertThat(tweet.get("location").get("lon").asDouble()).isEqualTo(13.405);
        assertThat(tweet.get("like_count").asLong()).isZero();
        assertThat(tweet.get("reply_count").asLong()).isZero();
        assertThat(tweet.get("liked_by_me").asBoolean()).isFalse();

        TestHttp.Response anonymous = http.get("/api/v1/tweets/" + id, null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("liked_by_me").isNull()).isTrue();
        assertThat(anonymous.json().get("text").asString()).isEqualTo(tweet.get("text").asString());
    }

    @Test
    void aTweetWithoutALocationOrMediaHasNullAndEmpty() {
        long author = newUser(uniqueHandle());
        JsonNode tweet = http.get("/api/v1/tweets/" + tweet(author, "plain"), null).json();
        assertThat(tweet.get("location").isNull()).isTrue();
        assertThat(tweet.get("media")).isEmpty();
        assertThat(tweet.get("mentions")).isEmpty();
        assertThat(tweet.get("hashtags")).isEmpty();
    }

    @Test
    void anAuthorUnknownToTheProjectionStillPosts() {
        long stranger = anyUserId();
        TestHttp.Response response = post(stranger, Map.of("text", "first!"));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("author").get("id").asString()).isEqualTo(Long.toString(stranger));
        assertThat(response.json().get("author").get("handle").isNull()).isTrue();
    }

    @Test
    void emptyTextIsAllowedWithMedia() {
        long author = anyUserId();
        long media = MEDIA.upload(author);
        TestHttp.Response response = post(author, Map.of("text", "", "media_ids", List.of(Long.toString(media))));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("text").asString()).isEmpty();
    }

    @Test
    void textIsStoredNfcNormalised() {
        long author = anyUserId();
        String id = tweet(author, "Cafe\u0301 \u202Eevil\u202C");
        assertThat(http.get("/api/v1/tweets/" + id, null).json().get("text").asString())
                .isEqualTo("Caf\u00e9 \u202Eevil\u202C");
    }

    @Test
    void someoneElsesMediaIsRefusedAndNothingIsWritten() {
        long author = anyUserId();
        long other = anyUserId();
        long theirs = MEDIA.upload(other);
        TestHttp.Response response = post(author, Map.of("text", "stolen", "media_ids", List.of(Long.toString(theirs))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("media_ids");
        assertThat(tweetsBy(author)).isZero();
    }

    @Test
    void unknownMediaIsRefused() {
        long author = anyUserId();
        TestHttp.Response response = post(author, Map.of("text", "x", "media_ids", List.of("999999999999")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(tweetsBy(author)).isZero();
    }

    @Test
    void mediaServiceDownIs503AndNothingIsWritten() {
        long author = anyUserId();
        long media = MEDIA.upload(author);
        MEDIA.setDown(true);
        try {
            TestHttp.Response response = post(author, Map.of("text", "x", "media_ids", List.of(Long.toString(media))));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
        } finally {
            MEDIA.setDown(false);
        }
        assertThat(tweetsBy(author)).isZero();
    }

    @Test
    void replyToADeletedTweetIsRefused() {
        long author = anyUserId();
        String parent = tweet(author, "soon gone");
        assertThat(http.delete("/api/v1/tweets/" + parent, TestTokens.bearer(author)).status()).isEqualTo(204);
        long replier = anyUserId();
        TestHttp.Response response = post(replier, Map.of("text", "late reply", "reply_to_id", parent));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("reply_to_id");
        assertThat(tweetsBy(replier)).isZero();
    }

    @Test
    void theRelayPublishesTweetCreatedWithTheWholeTweet() {
        long author = anyUserId();
        String parentId = tweet(author, "parent");
        long replier = anyUserId();
        TestHttp.Response reply = post(replier, Map.of("text", "reply #Tag", "reply_to_id", parentId));
        assertThat(reply.status()).isEqualTo(201);
        long replyId = Long.parseLong(reply.json().get("id").asString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<TweetCreated> created = events("tweets").stream()
                    .filter(e -> e.payload() instanceof TweetCreated c && c.tweet().id() == replyId)
                    .map(e -> (TweetCreated) e.payload()).toList();
            assertThat(created).hasSize(1);
            assertThat(created.get(0).tweet().authorId()).isEqualTo(replier);
            assertThat(created.get(0).tweet().replyToId()).isEqualTo(Long.parseLong(parentId));
            assertThat(created.get(0).tweet().replyToAuthorId()).isEqualTo(author);
            assertThat(created.get(0).tweet().hashtags()).containsExactly("tag");
        });
        assertThat(count("SELECT COUNT(*) FROM outbox")).isZero();
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstTweet() {
        long author = anyUserId();
        TestHttp.Response first = post(author, Map.of("text", "once"), "Idempotency-Key", "key-1");
        TestHttp.Response again = post(author, Map.of("text", "twice?"), "Idempotency-Key", "key-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(again.json().get("text").asString()).isEqualTo("once");
        assertThat(tweetsBy(author)).isEqualTo(1);

        long other = anyUserId();
        TestHttp.Response otherUser = post(other, Map.of("text", "mine"), "Idempotency-Key", "key-1");
        assertThat(otherUser.json().get("id").asString()).isNotEqualTo(first.json().get("id").asString());
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyCreateOneTweet() throws Exception {
        long author = anyUserId();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<TestHttp.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                calls.add(() -> post(author, Map.of("text", "attempt " + n), "Idempotency-Key", "burst"));
            }
            List<TestHttp.Response> responses = new ArrayList<>();
            for (Future<TestHttp.Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
            assertThat(responses).extracting(TestHttp.Response::status).containsOnly(201);
            Set<String> ids = responses.stream().map(r -> r.json().get("id").asString()).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tweetsBy(author)).isEqualTo(1);
    }

    @Test
    void aBadIdempotencyKeyIsRefused() {
        long author = anyUserId();
        TestHttp.Response response = post(author, Map.of("text", "x"), "Idempotency-Key", "x".repeat(300));
        assertThat(response.status()).isEqualTo(400);
        assertThat(tweetsBy(author)).isZero();
    }

    /**
     * A post whose batch failed while Cassandra was away could not release its Idempotency-Key claim either: the
     * claim names a tweet that was never written. Once it is older than {@link TweetPoster#ABANDONED_AFTER}, a retry
     * with the key takes it over and writes the tweet; the key then answers that tweet.
     */
    @Test
    void aClaimLeftByAFailedPostIsTakenOverOnceItIsAMinuteOld() {
        long author = newUser(uniqueHandle());
        long neverWritten = ChirpIds.lowestAt(Instant.now().minus(Duration.ofMinutes(2))) + 1;
        cql().execute("INSERT INTO idempotency_keys (user_id, idempotency_key, tweet_id) VALUES (?, ?, ?)",
                author, "left-behind", neverWritten);

        TestHttp.Response retry = post(author, Map.of("text", "after the outage"), "Idempotency-Key", "left-behind");
        TestHttp.Response again = post(author, Map.of("text", "after the outage"), "Idempotency-Key", "left-behind");

        assertThat(retry.status()).isEqualTo(201);
        String id = retry.json().get("id").asString();
        assertThat(Long.parseLong(id)).isNotEqualTo(neverWritten);
        assertThat(again.status()).as("the key now names the new tweet").isIn(200, 201);
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(tweetsBy(author)).isEqualTo(1);
    }

    /** A young claim of a missing tweet may be a request still writing it: never taken over, 409, nothing written. */
    @Test
    void aYoungClaimOfAMissingTweetIsNotTakenOver() {
        long author = newUser(uniqueHandle());
        long inFlight = ChirpIds.lowestAt(Instant.now()) + 1;
        cql().execute("INSERT INTO idempotency_keys (user_id, idempotency_key, tweet_id) VALUES (?, ?, ?)",
                author, "in-flight", inFlight);

        TestHttp.Response response = post(author, Map.of("text", "second try"), "Idempotency-Key", "in-flight");

        assertThat(response.status()).isEqualTo(409);
        assertThat(tweetsBy(author)).isZero();
    }
}
