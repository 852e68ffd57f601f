package dev.chirp.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.chirp.e2e.Chirp.Account;
import dev.chirp.e2e.Chirp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static dev.chirp.e2e.Chirp.get;
import static dev.chirp.e2e.Chirp.post;
import static dev.chirp.e2e.Chirp.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The abuse suite: every attack docs/07-bottlenecks-and-reliability.md lists in its threat model, sent through the
 * gateway as an attacker would, while a bystander reads their home timeline once a second. Each attack must be
 * answered with its documented 4xx problem (or, for inputs that are valid though hostile, served normally), never a
 * 5xx, never a restart or an error in any service's log, and a refusal writes nothing. The table of answers, times
 * and the bystander's worst latency is printed and written to {@code target/abuse-report.md}.
 */
@Order(2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseIT {

    private static final Set<Integer> BAD_REQUEST = Set.of(400);
    private static final Set<Integer> NOT_FOUND_OR_BAD = Set.of(400, 404);
    private static final Set<Integer> UNAUTHORIZED = Set.of(401);
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private record Row(String attack, String expected, int status, long millis, TimelineProbe.Worst probe,
                       SystemWatch.Findings findings) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private SystemWatch watch;
    private TimelineProbe probe;
    private Account attacker;
    private Account victim;
    private Account bystander;
    private String victimTweetId;

    @BeforeAll
    void setUp() {
        attacker = Chirp.signup("mallory");
        victim = Chirp.signup("victor");
        bystander = Chirp.signup("bystander");
        assertThat(Chirp.put("/api/v1/users/" + victim.id() + "/follow", bystander.token()).status()).isEqualTo(200);
        Reply tweet = post("/api/v1/tweets", victim.token(), "{\"text\":\"victim's tweet " + run + "\"}");
        assertThat(tweet.status()).isEqualTo(201);
        victimTweetId = tweet.body().get("id").asString();
        watch = SystemWatch.start();
        probe = new TimelineProbe(bystander);
    }

    @AfterAll
    void report() throws IOException {
        probe.close();
        StringBuilder table = new StringBuilder("| attack | expected | answer | ms | bystander worst ms (status, reads) "
                + "| service restarts / errors logged |\n|---|---|---:|---:|---|---|\n");
        for (Row row : rows) {
            String findings = !row.findings().checked() ? "not checked (no CHIRP_HOME)"
                    : row.findings().clean() ? "none"
                    : "restarted " + row.findings().restarted() + ", errors " + row.findings().errors().size();
            table.append("| ").append(row.attack()).append(" | ").append(row.expected()).append(" | ")
                    .append(row.status()).append(" | ").append(row.millis()).append(" | ")
                    .append(row.probe().readings() == 0 ? "–" : row.probe().millis() + " (" + row.probe().status()
                            + ", " + row.probe().readings() + ")")
                    .append(" | ").append(findings).append(" |\n");
        }
        System.out.println("\nAbuse suite report\n" + table);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("abuse-report.md"), table.toString());
    }

    // ---- 1. Cursors: bounded walks ------------------------------------------------------------------------------

    @Test
    @Order(1)
    void cursorsThatPointOutsideWhatCanExistAre400WithoutAWalk() {
        long year9999 = 253402300799000L;
        attack("likes cursor at the year 9999 (no token)", BAD_REQUEST,
                () -> get("/api/v1/users/" + victim.id() + "/likes?cursor=" + cursor(year9999, Long.MAX_VALUE), null));
        attack("likes cursor at Long.MAX_VALUE ms", BAD_REQUEST,
                () -> get("/api/v1/users/" + victim.id() + "/likes?cursor=" + cursor(Long.MAX_VALUE, 1), null));
        attack("likes cursor before 1970", BAD_REQUEST,
                () -> get("/api/v1/users/" + victim.id() + "/likes?cursor=" + cursor(-86_400_000L, 1), null));
        attack("user-timeline cursor with the largest ID", BAD_REQUEST,
                () -> get("/api/v1/users/" + victim.id() + "/tweets?cursor=" + cursor(Long.MAX_VALUE), null));
        attack("replies cursor with the largest ID", BAD_REQUEST,
                () -> get("/api/v1/tweets/" + victimTweetId + "/replies?cursor=" + cursor(Long.MAX_VALUE), null));
        attack("notifications cursor with the largest ID", BAD_REQUEST,
                () -> get("/api/v1/notifications?cursor=" + cursor(Long.MAX_VALUE), attacker.token()));
        attack("followers cursor with the largest ID", BAD_REQUEST,
                () -> get("/api/v1/users/" + victim.id() + "/followers?cursor=" + cursor(Long.MAX_VALUE), null));
        attack("garbage cursor", BAD_REQUEST,
                () -> get("/api/v1/users/" + victim.id() + "/tweets?cursor=%21%21%21not-base64", null));
        attack("cursor of 4,000 characters", BAD_REQUEST,
                () -> get("/api/v1/timeline/home?cursor=" + "A".repeat(4000), attacker.token()));
        attack("cursor of another version", BAD_REQUEST, () -> get("/api/v1/users/" + victim.id()
                + "/tweets?cursor=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("c9\u001f1".getBytes(StandardCharsets.UTF_8)), null));
    }

    @Test
    @Order(2)
    void aReplayedCursorServesTheSamePageAgain() {
        for (int i = 0; i < 3; i++) {
            assertThat(post("/api/v1/tweets", victim.token(), "{\"text\":\"page filler " + i + "\"}").status())
                    .isEqualTo(201);
        }
        Reply first = get("/api/v1/users/" + victim.id() + "/tweets?limit=2", null);
        String cursor = first.body().get("next_cursor").asString();
        Reply once = attack("replayed cursor (first use)", Set.of(200),
                () -> get("/api/v1/users/" + victim.id() + "/tweets?limit=2&cursor=" + cursor, null));
        Reply twice = attack("replayed cursor (second use)", Set.of(200),
                () -> get("/api/v1/users/" + victim.id() + "/tweets?limit=2&cursor=" + cursor, null));
        assertThat(Chirp.JSON.writeValueAsString(twice.body().get("items")))
                .isEqualTo(Chirp.JSON.writeValueAsString(once.body().get("items")));
    }

    @Test
    @Order(3)
    void pageLimitsOutsideOneToAHundredAre400() {
        for (String limit : List.of("-1", "0", "101", "1e9", "99999999999999999999", "abc", "%00")) {
            attack("limit=" + limit + " on the home timeline", BAD_REQUEST,
                    () -> get("/api/v1/timeline/home?limit=" + limit, attacker.token()));
        }
        attack("limit=1e9 on search", BAD_REQUEST, () -> get("/api/v1/search/tweets?q=x&limit=1e9", null));
    }

    // ---- 2. Passwords -------------------------------------------------------------------------------------------

    @Test
    @Order(4)
    void everyAllowedPasswordWorksAndIsComparedWhole() {
        String handle = Chirp.handle("longpw");
        String password = "p".repeat(72) + "-the rest matters too-" + "x".repeat(6);
        attack("signup with a 100-character password", Set.of(201), () -> post("/api/v1/auth/signup", null,
                signupJson(handle, password)));
        attack("login with the 100-character password", Set.of(200), () -> post("/api/v1/auth/login", null,
                "{\"login\":\"" + handle + "\",\"password\":\"" + password + "\"}"));
        String samePrefix = "p".repeat(72) + "-but a different ending";
        attack("login with a password sharing the first 72 bytes", UNAUTHORIZED, () -> post("/api/v1/auth/login",
                null, "{\"login\":\"" + handle + "\",\"password\":\"" + samePrefix + "\"}"));
        String emoji = "🐦".repeat(128);
        attack("signup with 128 emoji (512 bytes)", Set.of(201), () -> post("/api/v1/auth/signup", null,
                signupJson(Chirp.handle("emojipw"), emoji)));
        attack("signup with 129 characters", BAD_REQUEST, () -> post("/api/v1/auth/signup", null,
                signupJson(Chirp.handle("pw129"), "x".repeat(129))));
    }

    // ---- 3. Actuator is not public ------------------------------------------------------------------------------

    @Test
    @Order(5)
    void actuatorIsNotReachableThroughThePublicPort() {
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/env", "/actuator")) {
            attack("GET " + path + " on the public port", Set.of(404), () -> get(path, null));
        }
    }

    // ---- 4. Rate limits that cannot be walked around ------------------------------------------------------------

    @Test
    @Order(6)
    void encodedPathsAreChargedToTheBucketOfTheDecodedPath() {
        Reply plain = post("/api/v1/auth/login", null, wrongLogin());
        Reply encoded = attack("POST /api/v1/auth/%6Cogin", UNAUTHORIZED, () -> post("/api/v1/auth/%6Cogin", null,
                wrongLogin()));
        assertThat(encoded.header("X-RateLimit-Limit")).isEqualTo(plain.header("X-RateLimit-Limit"));

        Reply upload = Chirp.upload(attacker.token(), "dot.png", Bombs.png16BitRgba(8));
        Reply encodedUpload = attack("POST /api/v1/medi%61 (upload)", Set.of(201, 400, 415), () -> Chirp.send(
                Chirp.request("/api/v1/medi%61", attacker.token())
                        .header("Content-Type", "multipart/form-data; boundary=x")
                        .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"file\";"
                                + " filename=\"a.png\"\r\n\r\nnot an image\r\n--x--\r\n"))));
        assertThat(encodedUpload.header("X-RateLimit-Limit")).isEqualTo(upload.header("X-RateLimit-Limit"));
        attack("double-encoded path /api/v1/auth/%256Cogin", NOT_FOUND_OR_BAD, () -> post("/api/v1/auth/%256Cogin",
                null, "{\"login\":\"x\",\"password\":\"y\"}"));
    }

    @Test
    @Order(7)
    void loginsAreChargedToTheClientAddressWhateverTokenOrForwardedHeaderIsSent() {
        // Each attempt names another account, so only the client address's bucket is shared between them (a login
        // is also charged to its target account, whose small bucket would otherwise be what runs out).
        Reply before = null;
        for (int i = 0; i < 3; i++) {
            before = post("/api/v1/auth/login", null, wrongLogin());
        }
        int remaining = Integer.parseInt(before.header("X-RateLimit-Remaining"));
        Reply withToken = attack("login carrying a valid token of another account", UNAUTHORIZED,
                () -> Chirp.send(Chirp.request("/api/v1/auth/login", attacker.token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(wrongLogin()))));
        // One token may have been refilled meanwhile; a fresh per-user bucket would be nearly full instead.
        assertThat(Integer.parseInt(withToken.header("X-RateLimit-Remaining"))).isLessThanOrEqualTo(remaining);
        int afterToken = Integer.parseInt(withToken.header("X-RateLimit-Remaining"));
        Reply forwarded = attack("login with a forged X-Forwarded-For / Forwarded", UNAUTHORIZED,
                () -> Chirp.send(Chirp.request("/api/v1/auth/login", null)
                        .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.7")
                        .header("Forwarded", "for=203.0.113.8")
                        .POST(HttpRequest.BodyPublishers.ofString(wrongLogin()))));
        assertThat(Integer.parseInt(forwarded.header("X-RateLimit-Remaining"))).isLessThanOrEqualTo(afterToken);
    }

    // ---- 5. Live streams are bounded ----------------------------------------------------------------------------

    @Test
    @Order(8)
    void oneUserCannotOpenStreamsWithoutLimit() {
        List<InputStream> open = new ArrayList<>();
        try {
            attack("live streams of one user until one is refused (at most 20)", Set.of(429), () -> {
                for (int i = 0; i < 20; i++) {
                    HttpResponse<InputStream> response = openStream(attacker);
                    if (response.statusCode() != 200) {
                        return bufferedReply(response);
                    }
                    open.add(response.body());
                }
                return new Reply(200, null, null);
            });
            assertThat(open).as("streams opened before the limit").hasSizeBetween(1, 10);
        } finally {
            for (InputStream stream : open) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // closing is best effort; the server notices the closed connection at its next heartbeat
                }
            }
        }
    }

    private static HttpResponse<InputStream> openStream(Account account) {
        try {
            return Chirp.http().send(Chirp.request("/api/v1/stream", account.token())
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new AssertionError("stream request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A refused stream's answer, read whole (a refusal is a small problem document, never a stream). */
    private static Reply bufferedReply(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(64 * 1024);
            String type = response.headers().firstValue("Content-Type").orElse("");
            return new Reply(response.statusCode(), type.contains("json") ? Chirp.JSON.readTree(bytes) : null, null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- 9. Image bombs -----------------------------------------------------------------------------------------

    @Test
    @Order(9)
    void imageBombsAreRefusedOrDecodedInBoundedMemory() {
        byte[] atTheLimit = Bombs.png16BitRgba(8192);
        byte[] overTheLimit = Bombs.png16BitRgba(8193);
        attack("PNG 16-bit RGBA 8192x8192 (512 MiB decoded, " + atTheLimit.length / 1024 + " KiB sent)",
                Set.of(201, 400), () -> Chirp.upload(attacker.token(), "bomb.png", atTheLimit));
        attack("PNG 16-bit RGBA 8193x8193 (over the limit)", BAD_REQUEST,
                () -> Chirp.upload(attacker.token(), "bomb.png", overTheLimit));
        attack("GIF whose logical screen is 65535x65535", Set.of(201, 400),
                () -> Chirp.upload(attacker.token(), "bomb.gif", Bombs.gifWithHugeLogicalScreen()));
        attack("5 MiB + 1 upload", Set.of(413),
                () -> Chirp.upload(attacker.token(), "big.png", new byte[5 * 1024 * 1024 + 1]));
    }

    // ---- 10. Spam shapes ----------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void oneAccountCannotPutAHashtagIntoTrends() {
        String spam = "spam" + run;
        String control = "ctl" + run;
        Account spammer = Chirp.signup("spammer");
        for (int i = 0; i < 6; i++) {
            assertThat(post("/api/v1/tweets", spammer.token(), "{\"text\":\"buy now #" + spam + " " + i + "\"}")
                    .status()).isEqualTo(201);
        }
        // The spammer's control tweet follows the spam on its Kafka partition (keyed by author): once the control
        // tag trends, every spam tweet before it has been counted too.
        assertThat(post("/api/v1/tweets", spammer.token(), "{\"text\":\"#" + control + "\"}").status()).isEqualTo(201);
        for (int i = 0; i < 4; i++) {
            Account other = Chirp.signup("ctl" + i);
            assertThat(post("/api/v1/tweets", other.token(), "{\"text\":\"#" + control + "\"}").status())
                    .isEqualTo(201);
        }
        await().atMost(EVENTUALLY).until(() -> trendTags().contains(control));
        Reply trends = attack("six tweets of one account with one hashtag", Set.of(200),
                () -> get("/api/v1/trends?limit=100", null));
        assertThat(trends.body().get("items").valueStream().map(item -> item.get("hashtag").asString()))
                .contains(control).doesNotContain(spam);
    }

    @Test
    @Order(11)
    void likingAndUnlikingAgainNotifiesOnce() {
        Account author = Chirp.signup("liked");
        Account marker = Chirp.signup("marker");
        String tweet = post("/api/v1/tweets", author.token(), "{\"text\":\"like me " + run + "\"}").body()
                .get("id").asString();
        for (int i = 0; i < 3; i++) {
            assertThat(Chirp.put("/api/v1/tweets/" + tweet + "/like", attacker.token()).status()).isEqualTo(200);
            assertThat(Chirp.delete("/api/v1/tweets/" + tweet + "/like", attacker.token()).status()).isEqualTo(200);
        }
        Reply last = attack("like/unlike three times, then like", Set.of(200),
                () -> Chirp.put("/api/v1/tweets/" + tweet + "/like", attacker.token()));
        assertThat(last.body().get("like_count").asInt()).isEqualTo(1);
        // chirp.likes is keyed by tweet: the marker's like is processed after the attacker's.
        assertThat(Chirp.put("/api/v1/tweets/" + tweet + "/like", marker.token()).status()).isEqualTo(200);
        await().atMost(EVENTUALLY).until(() -> StoryIT.notifications(author).stream()
                .anyMatch(n -> n.get("actor").get("id").asString().equals(marker.id())));
        assertThat(StoryIT.notifications(author).stream()
                .filter(n -> n.get("type").asString().equals("like"))
                .filter(n -> n.get("actor").get("id").asString().equals(attacker.id()))).hasSize(1);
    }

    @Test
    @Order(12)
    void internalEndpointsAreNeitherRoutedNorOpenWithoutAServiceCredential() {
        attack("GET /internal/tweets through the gateway", Set.of(404),
                () -> get("/internal/tweets?ids=" + victimTweetId, null));
        attack("GET /api/v1/../internal/media through the gateway", NOT_FOUND_OR_BAD,
                () -> Chirp.send(HttpRequest.newBuilder(URI.create(Chirp.BASE + "/api/v1/%2e%2e/internal/media?ids=1"))
                        .timeout(Duration.ofSeconds(10)).GET()));
        String services = System.getProperty("chirp.e2e.services-host", "http://127.0.0.1");
        attack("GET media-service /internal/media without a credential", UNAUTHORIZED,
                () -> Chirp.getAbsolute(services + ":8085/internal/media?ids=1"));
        attack("GET tweet-service /internal/tweets without a credential", UNAUTHORIZED,
                () -> Chirp.getAbsolute(services + ":8082/internal/tweets?ids=" + victimTweetId));
        attack("GET user-service /internal/users without a credential", UNAUTHORIZED,
                () -> Chirp.getAbsolute(services + ":8081/internal/users?ids=" + victim.id()));
        for (String spelling : List.of("//internal/media?ids=1", "/%69nternal/media?ids=1", "/internal;x=1/media?ids=1",
                "/./internal/media?ids=1", "/api/../internal/media?ids=1", "/INTERNAL/media?ids=1")) {
            attack("GET media-service " + spelling + " without a credential", Set.of(400, 401, 404),
                    () -> Chirp.getAbsolute(services + ":8085" + spelling));
        }
    }

    // ---- Classics: tokens ---------------------------------------------------------------------------------------

    @Test
    @Order(13)
    void forgedTokensAre401AndWriteNothing() {
        String kid = Tokens.kid(victim.token());
        String tweet = "{\"text\":\"forged " + run + "\"}";
        attack("alg: none token", UNAUTHORIZED, () -> post("/api/v1/tweets", Tokens.unsigned(victim.id()), tweet));
        attack("token signed by the attacker's key under the real kid", UNAUTHORIZED,
                () -> post("/api/v1/tweets", Tokens.signedByOwnKey(kid, victim.id()), tweet));
        attack("token with a tampered signature", UNAUTHORIZED,
                () -> post("/api/v1/tweets", Tokens.tampered(victim.token()), tweet));
        attack("garbage bearer token", UNAUTHORIZED, () -> post("/api/v1/tweets", "not.a.token", tweet));
        Path home = Path.of(System.getProperty("chirp.e2e.home", "../.chirp"));
        Tokens.expired(home, kid, victim.id()).ifPresent(expired -> attack("expired token (really signed)",
                UNAUTHORIZED, () -> post("/api/v1/tweets", expired, tweet)));
        attack("X-User-Id header without a token", UNAUTHORIZED, () -> Chirp.send(Chirp.request("/api/v1/tweets", null)
                .header("Content-Type", "application/json").header("X-User-Id", victim.id())
                .POST(HttpRequest.BodyPublishers.ofString(tweet))));
        assertThat(userTweetTexts(victim)).noneMatch(text -> text.contains("forged " + run));

        Reply spoofed = attack("X-User-Id of the victim beside the attacker's token", Set.of(201),
                () -> Chirp.send(Chirp.request("/api/v1/tweets", attacker.token())
                        .header("Content-Type", "application/json").header("X-User-Id", victim.id())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"whose is this " + run + "\"}"))));
        assertThat(spoofed.body().get("author").get("id").asString()).isEqualTo(attacker.id());
        assertThat(Chirp.delete("/api/v1/tweets/" + spoofed.body().get("id").asString(), attacker.token()).status())
                .isEqualTo(204);
    }

    // ---- Classics: bodies ---------------------------------------------------------------------------------------

    @Test
    @Order(14)
    void hostileBodiesAreRefusedAndWriteNothing() {
        String deepArray = "[".repeat(10_000) + "]".repeat(10_000);
        String deepObject = "{\"text\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}";
        attack("10,000-deep JSON array as a tweet", BAD_REQUEST,
                () -> post("/api/v1/tweets", attacker.token(), deepArray));
        attack("10,000-deep JSON object as a tweet", BAD_REQUEST,
                () -> post("/api/v1/tweets", attacker.token(), deepObject));
        attack("10,000-deep JSON at signup", BAD_REQUEST, () -> post("/api/v1/auth/signup", null, deepObject));
        String oversized = "{\"text\":\"" + "a".repeat(64 * 1024 - 11 + 1) + "\"}";
        assertThat(oversized.getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024 + 1);
        attack("64 KiB + 1 tweet body", Set.of(413), () -> post("/api/v1/tweets", attacker.token(), oversized));
        String oversizedProfile = "{\"bio\":\"" + "b".repeat(64 * 1024 - 10 + 1) + "\"}";
        attack("64 KiB + 1 profile body", Set.of(413),
                () -> Chirp.patch("/api/v1/users/me", attacker.token(), oversizedProfile));
        attack("malformed JSON", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(), "{\"text\": "));
        attack("wrong type for text", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(), "{\"text\":5}"));
        attack("text/plain body", Set.of(415), () -> Chirp.send(Chirp.request("/api/v1/tweets", attacker.token())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello"))));
        attack("281 emoji", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(),
                "{\"text\":\"" + "🐦".repeat(281) + "\"}"));
        attack("control character in text", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(),
                "{\"text\":\"bell \\u0007\"}"));
        attack("lone surrogate in text", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(),
                "{\"text\":\"half \\ud83d\"}"));
        attack("location out of range", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(),
                "{\"text\":\"where\",\"location\":{\"lat\":91,\"lon\":0}}"));
        attack("five media IDs", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(),
                "{\"text\":\"m\",\"media_ids\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}"));
        assertThat(userTweetTexts(attacker)).isEmpty();
    }

    @Test
    @Order(15)
    void unicodeTricksInHandlesAre400AndCreateNoAccount() {
        List<String> handles = List.of(
                "\u0430lice" + run.substring(0, 4), // Cyrillic a
                "ali\u200bce" + run.substring(0, 4), // zero-width space
                "\uff41\uff42\uff43" + run.substring(0, 4), // fullwidth
                "abc\u202e" + run.substring(0, 4), // right-to-left override
                "e\u0301" + run.substring(0, 6), // combining accent
                "x\u0000" + run.substring(0, 4), // NUL
                "a'; DROP TABLE accounts; --");
        for (String handle : handles) {
            String json = signupJson(handle, "correct horse battery");
            attack("signup handle " + printable(handle), BAD_REQUEST, () -> post("/api/v1/auth/signup", null, json));
            assertThat(get("/api/v1/users/@" + q(handle), null).status()).isIn(400, 404);
        }
        attack("signup with a taken handle in other case", Set.of(409), () -> post("/api/v1/auth/signup", null,
                signupJson(victim.handle().toUpperCase(), "correct horse battery")));
    }

    // ---- Classics: paths and queries ----------------------------------------------------------------------------

    @Test
    @Order(16)
    void pathTraversalAndInjectionStringsReachNothing() {
        for (String path : List.of("/api/v1/../internal/tweets?ids=1", "/api/v1/tweets/..%2F..%2Finternal%2Ftweets",
                "/api/v1/tweets/%2e%2e/%2e%2e/internal/tweets", "/api/v1/%252e%252e/internal/tweets",
                "/api/v1/users/%00", "/api/v1/users/..;/..;/internal/users?ids=1")) {
            attack("GET " + path, Set.of(400, 401, 404), () -> Chirp.send(HttpRequest.newBuilder(
                    URI.create(Chirp.BASE + path)).timeout(Duration.ofSeconds(10)).GET()));
        }
        attack("handle lookup with a CQL injection", NOT_FOUND_OR_BAD,
                () -> get("/api/v1/users/@" + q("x' OR '1'='1"), null));
        for (String query : List.of("\" OR 1=1 --", "{\"match_all\":{}}", "*:*", "from:' OR ''='",
                "near:1e999,1e999,1e999", "near:91,0,10", "((((((((((x", "\\")) {
            attack("search q=" + query, Set.of(200, 400), () -> get("/api/v1/search/tweets?q=" + q(query), null));
        }
        // Reactor Netty refuses a request line over 4 KiB itself, before any of Chirp's code, with a bodiless 414.
        attack("search q of 10,000 characters", Set.of(200, 400, 414),
                () -> get("/api/v1/search/tweets?q=" + "a".repeat(10_000), null));
    }

    // ---- Classics: other users' resources -----------------------------------------------------------------------

    @Test
    @Order(17)
    void otherUsersResourcesCannotBeTouched() {
        attack("delete another user's tweet", Set.of(403),
                () -> Chirp.delete("/api/v1/tweets/" + victimTweetId, attacker.token()));
        assertThat(get("/api/v1/tweets/" + victimTweetId, null).status()).isEqualTo(200);

        Reply media = Chirp.upload(victim.token(), "v.png", Bombs.png16BitRgba(4));
        assertThat(media.status()).isEqualTo(201);
        String victimMedia = media.body().get("id").asString();
        attack("post with another user's media", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(),
                "{\"text\":\"stolen\",\"media_ids\":[\"" + victimMedia + "\"]}"));
        attack("avatar set to another user's media", BAD_REQUEST, () -> Chirp.patch("/api/v1/users/me",
                attacker.token(), "{\"avatar_media_id\":\"" + victimMedia + "\"}"));
        assertThat(get("/api/v1/users/" + attacker.id(), null).body().get("avatar_url").isNull()).isTrue();
        attack("reply to a tweet that does not exist", BAD_REQUEST, () -> post("/api/v1/tweets", attacker.token(),
                "{\"text\":\"hi\",\"reply_to_id\":\"1\"}"));
    }

    @Test
    @Order(18)
    void theAttackerWroteNothingAndTheBystanderWasNeverRefused() {
        JsonNode attackerProfile = get("/api/v1/users/" + attacker.id(), null).body();
        assertThat(attackerProfile.get("tweet_count").asInt()).isZero();
        assertThat(userTweetTexts(attacker)).isEmpty();
        assertThat(probe.worstBetween(0, Long.MAX_VALUE).readings()).isPositive();
    }

    // ---- the harness --------------------------------------------------------------------------------------------

    /**
     * Sends one attack and records it: its answer must be one of {@code expected}; a 4xx must be a problem document;
     * no service may restart or log an error meanwhile. The bystander's worst reading during the attack is kept for
     * the report (a latency, so reported, not asserted).
     */
    private Reply attack(String name, Set<Integer> expected, Supplier<Reply> request) {
        watch.mark();
        long start = System.nanoTime();
        Reply reply = request.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long end = System.nanoTime();
        // Let the bystander read at least once after the attack began.
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.worstBetween(start, Long.MAX_VALUE).readings() > 0);
        SystemWatch.Findings findings = watch.since();
        rows.add(new Row(name, expected.toString(), reply.status(), millis, probe.worstBetween(start, end
                + 1_500_000_000L), findings));

        assertThat(reply.status()).as("%s: %s", name, reply.raw() == null ? "" : reply.text()).isIn(expected);
        assertThat(reply.status()).as(name).isLessThan(500);
        if (reply.status() == 414) {
            assertThat(reply.raw()).isNotNull(); // the HTTP codec's own refusal: no body to check
        } else if (reply.status() >= 400 && reply.raw() != null && reply.raw().uri().toString().startsWith(Chirp.BASE)) {
            StoryIT.assertProblem(reply, reply.status());
        } else if (reply.status() >= 400 && reply.raw() != null) {
            // straight to a service: a problem document too, without the gateway's request ID
            assertThat(reply.header("Content-Type")).as(name).startsWith("application/problem+json");
            assertThat(reply.body().get("status").asInt()).isEqualTo(reply.status());
        } else if (reply.status() >= 400) {
            assertThat(reply.body()).as("%s: a problem document", name).isNotNull();
            assertThat(reply.body().get("status").asInt()).isEqualTo(reply.status());
        }
        assertThat(findings.restarted()).as("%s: services restarted", name).isEmpty();
        assertThat(findings.errors()).as("%s: errors logged", name).isEmpty();
        assertThat(probe.worstBetween(start, end + 1_500_000_000L).status()).as("%s: bystander's answer", name)
                .isIn(0, 200);
        return reply;
    }

    private String wrongLogin() {
        return "{\"login\":\"nobody_" + UUID.randomUUID().toString().substring(0, 8) + "\",\"password\":\"wrong pw!\"}";
    }

    private List<String> trendTags() {
        return get("/api/v1/trends?limit=100", null).body().get("items").valueStream()
                .map(item -> item.get("hashtag").asString()).toList();
    }

    private static List<String> userTweetTexts(Account account) {
        return get("/api/v1/users/" + account.id() + "/tweets?limit=100", null).body().get("items").valueStream()
                .map(item -> item.get("text").asString()).toList();
    }

    private static String cursor(long... parts) {
        StringBuilder text = new StringBuilder("c1");
        for (long part : parts) {
            text.append('\u001f').append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String signupJson(String handle, String password) {
        return "{\"handle\":" + Chirp.JSON.writeValueAsString(handle) + ",\"email\":"
                + Chirp.JSON.writeValueAsString(UUID.randomUUID() + "@abuse.example") + ",\"password\":"
                + Chirp.JSON.writeValueAsString(password) + "}";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("U+%04X", cp)
                : Character.toString(cp)));
        return out.toString().replace("|", "\\|");
    }
}
