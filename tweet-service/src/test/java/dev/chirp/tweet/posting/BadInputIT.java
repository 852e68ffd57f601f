package dev.chirp.tweet.posting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of docs/03-api.md for posting: the documented status, a problem body, and nothing written. */
class BadInputIT extends TweetITBase {

    private static final String EMOJI = "\uD83D\uDE00";

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("281 emoji", "{\"text\":\"" + EMOJI.repeat(281) + "\"}", 400, "text"),
                Arguments.of("lone high surrogate", "{\"text\":\"abc \\ud800 def\"}", 400, "text"),
                Arguments.of("lone low surrogate", "{\"text\":\"\\udc00\"}", 400, "text"),
                Arguments.of("bell character", "{\"text\":\"ding\\u0007\"}", 400, "text"),
                Arguments.of("carriage return", "{\"text\":\"a\\r\\nb\"}", 400, "text"),
                Arguments.of("C1 control", "{\"text\":\"a\\u0085b\"}", 400, "text"),
                Arguments.of("empty text without media", "{\"text\":\"\"}", 400, "text"),
                Arguments.of("no text at all", "{}", 400, "text"),
                Arguments.of("five media ids", "{\"text\":\"x\",\"media_ids\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}",
                        400, "media_ids"),
                Arguments.of("garbage media id", "{\"text\":\"x\",\"media_ids\":[\"abc\"]}", 400, "media_ids"),
                Arguments.of("unknown reply_to_id", "{\"text\":\"x\",\"reply_to_id\":\"123456789\"}", 400,
                        "reply_to_id"),
                Arguments.of("garbage reply_to_id", "{\"text\":\"x\",\"reply_to_id\":\"1; DROP TABLE\"}", 400,
                        "reply_to_id"),
                Arguments.of("lat 91", "{\"text\":\"x\",\"location\":{\"lat\":91,\"lon\":0}}", 400, "location.lat"),
                Arguments.of("lat -90.0001", "{\"text\":\"x\",\"location\":{\"lat\":-90.0001,\"lon\":0}}", 400,
                        "location.lat"),
                Arguments.of("lon 180.5", "{\"text\":\"x\",\"location\":{\"lat\":0,\"lon\":180.5}}", 400,
                        "location.lon"),
                Arguments.of("lon missing", "{\"text\":\"x\",\"location\":{\"lat\":10}}", 400, "location.lon"),
                Arguments.of("lat as text", "{\"text\":\"x\",\"location\":{\"lat\":\"north\",\"lon\":1}}", 400,
                        null),
                Arguments.of("media_ids not a list", "{\"text\":\"x\",\"media_ids\":\"1\"}", 400, null),
                Arguments.of("text an object", "{\"text\":{\"a\":1}}", 400, null),
                Arguments.of("malformed JSON", "{\"text\": \"unterminated", 400, null),
                Arguments.of("not an object", "[1,2,3]", 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodiesAreRefusedAndWriteNothing(String name, String body, int status, String field) {
        long author = anyUserId();
        TestHttp.Response response = http.post("/api/v1/tweets", "application/json",
                body.getBytes(StandardCharsets.UTF_8), TestTokens.bearer(author));
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
        assertThat(tweetsBy(author)).isZero();
        assertThat(count("SELECT COUNT(*) FROM tweets_by_user WHERE author_id = ? ALLOW FILTERING", author)).isZero();
    }

    @Test
    void anOversizedBodyIs413() {
        long author = anyUserId();
        String body = "{\"text\":\"x\",\"padding\":\"" + "a".repeat(70 * 1024) + "\"}";
        TestHttp.Response response = http.post("/api/v1/tweets", "application/json",
                body.getBytes(StandardCharsets.UTF_8), TestTokens.bearer(author));
        assertThat(response.status()).isEqualTo(413);
        assertThat(tweetsBy(author)).isZero();
    }

    @Test
    void aWrongContentTypeIs415() {
        long author = anyUserId();
        TestHttp.Response response = http.post("/api/v1/tweets", "text/plain",
                "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8), TestTokens.bearer(author));
        assertThat(response.status()).isEqualTo(415);
        assertThat(tweetsBy(author)).isZero();
    }

    static Stream<Arguments> forgedTokens() {
        long victim = anyUserId();
        return Stream.of(
                Arguments.of("none", null, victim),
                Arguments.of("expired", "Bearer " + TestTokens.expired(victim), victim),
                Arguments.of("stranger's key", "Bearer " + TestTokens.signedByStranger(victim), victim),
                Arguments.of("tampered", "Bearer " + TestTokens.tampered(anyUserId(), victim), victim),
                Arguments.of("alg none", "Bearer " + TestTokens.unsigned(victim), victim),
                Arguments.of("HS256 with the public key", "Bearer " + TestTokens.hmacWithPublicKey(victim), victim),
                Arguments.of("garbage", "Bearer not.a.token", victim));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedTokensAre401AndWriteNothing(String name, String authorization, long victim) {
        TestHttp.Response response = http.postJson("/api/v1/tweets", "{\"text\":\"forged\"}", authorization,
                "X-User-Id", Long.toString(victim));
        assertThat(response.status()).isEqualTo(401);
        assertThat(tweetsBy(victim)).isZero();
    }

    @Test
    void deletingAnotherUsersTweetIs403AndChangesNothing() {
        long author = anyUserId();
        String id = tweet(author, "mine");
        long intruder = anyUserId();
        TestHttp.Response response = http.delete("/api/v1/tweets/" + id, TestTokens.bearer(intruder));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/api/v1/tweets/" + id, null).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/" + author + "/tweets", null).json().get("items")).hasSize(1);
    }

    @Test
    void deletingWithAForgedTokenIs401() {
        long author = anyUserId();
        String id = tweet(author, "mine");
        TestHttp.Response response = http.delete("/api/v1/tweets/" + id,
                "Bearer " + TestTokens.tampered(anyUserId(), author));
        assertThat(response.status()).isEqualTo(401);
        assertThat(http.get("/api/v1/tweets/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void unknownAndGarbageTweetIdsAre404() {
        long caller = anyUserId();
        assertThat(http.get("/api/v1/tweets/999999999", null).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/tweets/abc", null).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/tweets/-1", null).status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/tweets/999999999", TestTokens.bearer(caller)).status()).isEqualTo(404);
        assertThat(http.put("/api/v1/tweets/999999999/like", TestTokens.bearer(caller)).status()).isEqualTo(404);
    }

    @Test
    void badPagingIs400() {
        long author = anyUserId();
        assertThat(http.get("/api/v1/users/" + author + "/tweets?limit=0", null).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/users/" + author + "/tweets?limit=101", null).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/users/" + author + "/tweets?cursor=forged", null).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/users/" + author + "/likes?cursor=%27%3B--", null).status()).isEqualTo(400);
    }
}
