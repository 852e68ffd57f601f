package dev.chirp.tweet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.tweet.TweetITBase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InternalLookupIT extends TweetITBase {

    @Test
    void tweetsComeInTheOrderAskedWithUnknownOnesAbsent() {
        long author = anyUserId();
        String first = tweet(author, "first");
        String second = tweet(author, "second");
        JsonNode items = http.getInternal("/internal/tweets?ids=" + second + ",424242," + first).json().get("items");
        assertThat(items.valueStream().map(t -> t.get("id").asString())).containsExactly(second, first);
        assertThat(items.get(0).get("liked_by_me").isNull()).isTrue();
    }

    @Test
    void bodiesAreCachedButCountsAndLikedByMeAreFresh() {
        long author = anyUserId();
        String id = tweet(author, "cache me");
        long viewer = anyUserId();
        JsonNode before = http.getInternal("/internal/tweets?ids=" + id + "&viewer=" + viewer).json().get("items")
                .get(0);
        assertThat(before.get("like_count").asLong()).isZero();
        assertThat(before.get("liked_by_me").asBoolean()).isFalse();
        assertThat(redisKeyExists(REDIS_PREFIX + "body:" + id)).isTrue();

        http.put("/api/v1/tweets/" + id + "/like", TestTokens.bearer(viewer));

        JsonNode after = http.getInternal("/internal/tweets?ids=" + id + "&viewer=" + viewer).json().get("items")
                .get(0);
        assertThat(after.get("like_count").asLong()).isEqualTo(1);
        assertThat(after.get("liked_by_me").asBoolean()).isTrue();
        JsonNode otherViewer = http.getInternal("/internal/tweets?ids=" + id + "&viewer=" + anyUserId()).json()
                .get("items").get(0);
        assertThat(otherViewer.get("liked_by_me").asBoolean()).isFalse();
    }

    @Test
    void deletedTweetsAreAbsentAndTheirCachedBodyIsReplacedByATombstone() {
        long author = anyUserId();
        String id = tweet(author, "to delete");
        http.getInternal("/internal/tweets?ids=" + id);
        assertThat(redisValue(REDIS_PREFIX + "body:" + id)).contains("to delete");
        assertThat(http.delete("/api/v1/tweets/" + id, TestTokens.bearer(author)).status()).isEqualTo(204);
        assertThat(redisValue(REDIS_PREFIX + "body:" + id)).isEqualTo("deleted");
        assertThat(http.getInternal("/internal/tweets?ids=" + id).json().get("items")).isEmpty();
        assertThat(redisValue(REDIS_PREFIX + "body:" + id)).isEqualTo("deleted");
    }

    @Test
    void losingTheCacheLosesNothing() {
        long author = anyUserId();
        String id = tweet(author, "survives a flush");
        http.getInternal("/internal/tweets?ids=" + id);
        deleteRedisKey(REDIS_PREFIX + "body:" + id);
        assertThat(http.getInternal("/internal/tweets?ids=" + id).json().get("items").get(0).get("text").asString())
                .isEqualTo("survives a flush");
    }

    @Test
    void callersWithoutTheServiceCredentialAre401AndSeeNoTweet() {
        long author = anyUserId();
        String id = tweet(author, "for services only");
        String path = "/internal/tweets?ids=" + id + "&viewer=" + author;
        assertThat(http.getInternal(path).json().get("items")).hasSize(1);

        List<TestHttp.Response> refused = List.of(
                http.get(path, null),
                http.get(path, TestTokens.bearer(author)),
                http.getInternal(path, TestServiceTokens.fromAnotherDeployment("GET", path)),
                http.getInternal(path, TestServiceTokens.expired("GET", path)),
                http.getInternal(path, TestServiceTokens.forCall("GET", "/internal/tweets?ids=" + id)));
        for (TestHttp.Response response : refused) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.json().get("type").asString()).isEqualTo("https://chirp.dev/problems/unauthorized");
            assertThat(response.body()).doesNotContain("for services only");
        }
    }

    @Test
    void badRequestsAre400() {
        String tooMany = LongStream.rangeClosed(1, 101).mapToObj(Long::toString).collect(Collectors.joining(","));
        assertThat(http.getInternal("/internal/tweets?ids=" + tooMany).status()).isEqualTo(400);
        assertThat(http.getInternal("/internal/tweets?ids=1,abc").status()).isEqualTo(400);
        assertThat(http.getInternal("/internal/tweets?ids=").status()).isEqualTo(400);
        assertThat(http.getInternal("/internal/tweets").status()).isEqualTo(400);
        assertThat(http.getInternal("/internal/tweets?ids=1&viewer=x").status()).isEqualTo(400);
        assertThat(http.getInternal("/internal/tweets?ids=" + String.join(",", List.of("1", "2"))).status())
                .isEqualTo(200);
    }

    private static boolean redisKeyExists(String key) {
        return redisValue(key) != null;
    }

    private static String redisValue(String key) {
        RedisClient client = RedisClient.create(LocalStack.get().redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }

    private static void deleteRedisKey(String key) {
        RedisClient client = RedisClient.create(LocalStack.get().redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().del(key);
        } finally {
            client.shutdown();
        }
    }
}
