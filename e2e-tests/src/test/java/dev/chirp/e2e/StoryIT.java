package dev.chirp.e2e;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

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

import static dev.chirp.e2e.Chirp.delete;
import static dev.chirp.e2e.Chirp.get;
import static dev.chirp.e2e.Chirp.post;
import static dev.chirp.e2e.Chirp.put;
import static dev.chirp.e2e.Chirp.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The story of issue 9, through the gateway only: people sign up, follow, post a tweet with a photo, a location,
 * a mention and a hashtag, and see it travel everywhere it should (timelines, search, trends, notifications, the
 * live stream), then like, reply, unfollow and delete, and see it leave again.
 */
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoryIT {

    /** Asynchronous effects (fan-out, indexing) are promised "within seconds"; allow for a busy CI machine. */
    static final Duration EVENTUALLY = Duration.ofSeconds(20);

    Account alice;
    Account bob;
    Account carol;
    Account dave;
    String tag = "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String mediaId;
    String tweetId;
    String replyId;
    CompletableFuture<HttpResponse<Stream<String>>> bobStream;
    final List<String> bobStreamLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    void signUp() {
        alice = Chirp.signup("alice");
        bob = Chirp.signup("bob");
        carol = Chirp.signup("carol");
        dave = Chirp.signup("dave");
    }

    @AfterAll
    void closeStream() {
        if (bobStream != null) {
            bobStream.cancel(true);
        }
    }

    @Test
    @Order(1)
    void loginByHandleOrEmailAndTheSame401ForEveryMismatch() {
        Reply byHandle = post("/api/v1/auth/login", null,
                "{\"login\":\"" + alice.handle() + "\",\"password\":\"correct horse battery\"}");
        assertThat(byHandle.status()).isEqualTo(200);
        assertThat(byHandle.body().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(byHandle.body().get("user").get("id").asString()).isEqualTo(alice.id());
        Reply byEmail = post("/api/v1/auth/login", null,
                "{\"login\":\"" + alice.handle().toUpperCase() + "@E2E.EXAMPLE\",\"password\":\"correct horse battery\"}");
        assertThat(byEmail.status()).isEqualTo(200);

        Reply wrongPassword = post("/api/v1/auth/login", null,
                "{\"login\":\"" + alice.handle() + "\",\"password\":\"wrong password!\"}");
        Reply unknownUser = post("/api/v1/auth/login", null,
                "{\"login\":\"nobody_" + tag + "\",\"password\":\"wrong password!\"}");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.body().get("detail")).isEqualTo(unknownUser.body().get("detail"));
    }

    @Test
    @Order(2)
    void profilesArePublicAndEditableByTheirOwner() {
        Reply me = get("/api/v1/users/me", alice.token());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("email").asString()).isEqualTo(alice.handle().toLowerCase() + "@e2e.example");

        Reply patched = Chirp.patch("/api/v1/users/me", alice.token(),
                "{\"bio\":\"Testing Chirp end to end 🐦\",\"location\":\"Berlin\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("bio").asString()).isEqualTo("Testing Chirp end to end 🐦");

        Reply byHandle = get("/api/v1/users/@" + alice.handle(), null);
        assertThat(byHandle.status()).isEqualTo(200);
        assertThat(byHandle.body().get("id").asString()).isEqualTo(alice.id());
        assertThat(byHandle.body().has("followed_by_me")).isTrue();
        assertThat(byHandle.body().get("followed_by_me").isNull()).isTrue();
        assertThat(byHandle.body().has("email")).isFalse();
        assertThat(get("/api/v1/users/999999999999", null).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void followIsIdempotentAndCounted() {
        assertThat(put("/api/v1/users/" + alice.id() + "/follow", bob.token()).body().get("following").asBoolean())
                .isTrue();
        assertThat(put("/api/v1/users/" + alice.id() + "/follow", bob.token()).status()).isEqualTo(200);
        assertThat(put("/api/v1/users/" + alice.id() + "/follow", carol.token()).status()).isEqualTo(200);
        assertThat(put("/api/v1/users/" + dave.id() + "/follow", alice.token()).status()).isEqualTo(200);
        assertThat(put("/api/v1/users/" + bob.id() + "/follow", bob.token()).status()).isEqualTo(400);

        JsonNode aliceSeenByBob = get("/api/v1/users/" + alice.id(), bob.token()).body();
        assertThat(aliceSeenByBob.get("followers_count").asInt()).isEqualTo(2);
        assertThat(aliceSeenByBob.get("following_count").asInt()).isEqualTo(1);
        assertThat(aliceSeenByBob.get("followed_by_me").asBoolean()).isTrue();

        JsonNode followers = get("/api/v1/users/" + alice.id() + "/followers", null).body();
        assertThat(ids(followers)).containsExactly(carol.id(), bob.id());
        assertThat(ids(get("/api/v1/users/" + bob.id() + "/following", null).body())).containsExactly(alice.id());
    }

    @Test
    @Order(4)
    void aPhotoIsUploadedAndServed() throws IOException {
        Reply uploaded = Chirp.upload(alice.token(), "sunset.png", png(640, 480));
        assertThat(uploaded.status()).isEqualTo(201);
        JsonNode media = uploaded.body();
        mediaId = media.get("id").asString();
        assertThat(media.get("type").asString()).isEqualTo("image");
        assertThat(media.get("width").asInt()).isEqualTo(640);
        assertThat(media.get("height").asInt()).isEqualTo(480);

        Reply redirect = Chirp.getAbsolute(media.get("url").asString());
        assertThat(redirect.status()).isIn(200, 302, 307);
        Reply bytes = redirect.status() == 200 ? redirect : Chirp.getAbsolute(redirect.header("Location"));
        assertThat(bytes.status()).isEqualTo(200);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(bytes.raw().body())).getWidth()).isEqualTo(640);

        assertThat(Chirp.upload(alice.token(), "notes.jpg", "just text, not a picture".getBytes()).status())
                .isEqualTo(415);
    }

    @Test
    @Order(5)
    void aTweetWithPhotoLocationMentionAndHashtagIsPosted() {
        bobStream = Chirp.http().sendAsync(Chirp.request("/api/v1/stream", bob.token())
                        .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        // The future completes when the headers arrive; the lines are read on a thread of their own.
        await().atMost(EVENTUALLY).until(bobStream::isDone);
        HttpResponse<Stream<String>> stream = bobStream.join();
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> stream.body().forEach(bobStreamLines::add), "bob-stream");
        reader.setDaemon(true);
        reader.start();

        Reply posted = post("/api/v1/tweets", alice.token(), """
                {"text": "Hello @%s, %s from the end-to-end run #%s 🐦", "media_ids": ["%s"],
                 "location": {"lat": 52.52, "lon": 13.405}}
                """.formatted(bob.handle(), word, tag.toUpperCase(), mediaId));
        assertThat(posted.status()).isEqualTo(201);
        JsonNode tweet = posted.body();
        tweetId = tweet.get("id").asString();
        assertThat(posted.header("Location")).endsWith("/api/v1/tweets/" + tweetId);
        assertThat(tweet.get("author").get("id").asString()).isEqualTo(alice.id());
        assertThat(tweet.get("mentions").get(0).get("handle").asString()).isEqualTo(bob.handle());
        assertThat(tweet.get("hashtags").get(0).asString()).isEqualTo(tag);
        assertThat(tweet.get("media").get(0).get("id").asString()).isEqualTo(mediaId);
        assertThat(tweet.get("location").get("lat").asDouble()).isEqualTo(52.52);
        assertThat(tweet.get("like_count").asInt()).isZero();
        assertThat(tweet.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    @Order(6)
    void itReachesTimelinesTheStreamAndTheMentionedUser() {
        await().atMost(EVENTUALLY).untilAsserted(() ->
                assertThat(ids(get("/api/v1/timeline/home", bob.token()).body())).contains(tweetId));
        await().atMost(EVENTUALLY).untilAsserted(() ->
                assertThat(ids(get("/api/v1/timeline/home", alice.token()).body())).contains(tweetId));
        assertThat(ids(get("/api/v1/users/" + alice.id() + "/tweets", null).body())).contains(tweetId);
        Reply anonymous = get("/api/v1/tweets/" + tweetId, null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().get("liked_by_me").isNull()).isTrue();

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(bobStreamLines)
                .anySatisfy(line -> assertThat(line).startsWith("data:").contains(tweetId)));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(notifications(bob))
                .anySatisfy(n -> {
                    assertThat(n.get("type").asString()).isEqualTo("mention");
                    assertThat(n.get("actor").get("id").asString()).isEqualTo(alice.id());
                    assertThat(n.get("tweet_id").asString()).isEqualTo(tweetId);
                }));
        assertThat(notifications(alice)).anySatisfy(n -> {
            assertThat(n.get("type").asString()).isEqualTo("follow");
            assertThat(n.get("actor").get("id").asString()).isIn(bob.id(), carol.id());
        });
    }

    @Test
    @Order(7)
    void itIsSearchableByWordHashtagAuthorAndPlace() {
        for (String query : List.of(word, "#" + tag, "from:" + alice.handle() + " " + word,
                "near:52.5,13.4,20 " + word, "\"" + word + " from the end\"")) {
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(
                    ids(get("/api/v1/search/tweets?q=" + q(query), null).body())).as(query).contains(tweetId));
        }
        assertThat(ids(get("/api/v1/search/tweets?q=" + q("near:-33.9,151.2,5 " + word), null).body()))
                .doesNotContain(tweetId);
        assertThat(get("/api/v1/search/tweets?q=" + q("\"unbalanced"), null).status()).isEqualTo(400);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(
                ids(get("/api/v1/search/users?q=" + q(alice.handle().substring(0, 8)), null).body()))
                .contains(alice.id()));
    }

    @Test
    @Order(8)
    void aHashtagUsedByEnoughAccountsTrends() {
        // Trends count distinct accounts (search-service README): alice's tweet, bob, carol and two newcomers make 5.
        List<Account> posters = List.of(bob, carol, Chirp.signup("erin"), Chirp.signup("frank"));
        for (int i = 0; i < posters.size(); i++) {
            assertThat(post("/api/v1/tweets", posters.get(i).token(),
                    "{\"text\":\"More about #" + tag + " number " + i + "\"}").status()).isEqualTo(201);
        }
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonNode trends = get("/api/v1/trends?limit=100", null).body();
            assertThat(trends.get("window").asString()).isEqualTo("PT1H");
            List<String> tags = new ArrayList<>();
            trends.get("items").forEach(item -> tags.add(item.get("hashtag").asString()));
            assertThat(tags).contains(tag);
        });
    }

    @Test
    @Order(9)
    void likesAreCountedIdempotentAndNotified() {
        Reply liked = put("/api/v1/tweets/" + tweetId + "/like", bob.token());
        assertThat(liked.status()).isEqualTo(200);
        assertThat(liked.body().get("liked").asBoolean()).isTrue();
        assertThat(put("/api/v1/tweets/" + tweetId + "/like", bob.token()).body().get("like_count").asInt())
                .isEqualTo(1);
        assertThat(get("/api/v1/tweets/" + tweetId, bob.token()).body().get("liked_by_me").asBoolean()).isTrue();
        assertThat(ids(get("/api/v1/users/" + bob.id() + "/likes", null).body())).contains(tweetId);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(notifications(alice)).anySatisfy(n -> {
            assertThat(n.get("type").asString()).isEqualTo("like");
            assertThat(n.get("actor").get("id").asString()).isEqualTo(bob.id());
        }));

        Reply unliked = delete("/api/v1/tweets/" + tweetId + "/like", bob.token());
        assertThat(unliked.body().get("liked").asBoolean()).isFalse();
        assertThat(unliked.body().get("like_count").asInt()).isZero();
        assertThat(delete("/api/v1/tweets/" + tweetId + "/like", bob.token()).body().get("like_count").asInt())
                .isZero();
        assertThat(put("/api/v1/tweets/" + tweetId + "/like", bob.token()).status()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void repliesFormAThreadAndNotifyTheAuthor() {
        Reply reply = post("/api/v1/tweets", carol.token(),
                "{\"text\":\"Welcome to Chirp!\",\"reply_to_id\":\"" + tweetId + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        replyId = reply.body().get("id").asString();
        assertThat(reply.body().get("reply_to_id").asString()).isEqualTo(tweetId);
        assertThat(ids(get("/api/v1/tweets/" + tweetId + "/replies", null).body())).containsExactly(replyId);
        assertThat(get("/api/v1/tweets/" + tweetId, null).body().get("reply_count").asInt()).isEqualTo(1);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(notifications(alice)).anySatisfy(n -> {
            assertThat(n.get("type").asString()).isEqualTo("reply");
            assertThat(n.get("actor").get("id").asString()).isEqualTo(carol.id());
        }));
        assertThat(post("/api/v1/tweets", carol.token(), "{\"text\":\"orphan\",\"reply_to_id\":\"999999999999\"}")
                .status()).isEqualTo(400);
    }

    @Test
    @Order(11)
    void suggestionsAreFriendsOfFriendsAndNeverSelfOrFollowed() {
        JsonNode suggestions = get("/api/v1/users/me/suggestions", carol.token()).body();
        List<String> suggested = ids(suggestions);
        assertThat(suggested).contains(dave.id()).doesNotContain(carol.id(), alice.id());
        assertThat(suggested.indexOf(dave.id())).isZero();
    }

    @Test
    @Order(12)
    void unfollowingRemovesTheirTweetsFromTheHomeTimeline() {
        assertThat(delete("/api/v1/users/" + alice.id() + "/follow", bob.token()).body().get("following").asBoolean())
                .isFalse();
        assertThat(delete("/api/v1/users/" + alice.id() + "/follow", bob.token()).status()).isEqualTo(200);
        await().atMost(EVENTUALLY).untilAsserted(() ->
                assertThat(ids(get("/api/v1/timeline/home", bob.token()).body())).doesNotContain(tweetId));
    }

    @Test
    @Order(13)
    void deletingATweetRemovesItEverywhere() {
        assertThat(delete("/api/v1/tweets/" + tweetId, carol.token()).status()).isEqualTo(403);
        assertThat(get("/api/v1/tweets/" + tweetId, null).status()).isEqualTo(200);

        assertThat(delete("/api/v1/tweets/" + tweetId, alice.token()).status()).isEqualTo(204);
        assertThat(get("/api/v1/tweets/" + tweetId, null).status()).isEqualTo(404);
        assertThat(delete("/api/v1/tweets/" + tweetId, alice.token()).status()).isEqualTo(404);
        assertThat(ids(get("/api/v1/users/" + alice.id() + "/tweets", null).body())).doesNotContain(tweetId);
        assertThat(ids(get("/api/v1/users/" + bob.id() + "/likes", null).body())).doesNotContain(tweetId);
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(ids(get("/api/v1/timeline/home", carol.token()).body())).doesNotContain(tweetId);
            assertThat(ids(get("/api/v1/search/tweets?q=" + q(word), null).body())).doesNotContain(tweetId);
        });
    }

    @Test
    @Order(14)
    void everyErrorIsAProblemAndEveryResponseIsTraced() {
        Reply malformed = Chirp.send(Chirp.request("/api/v1/tweets", alice.token())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\": ")));
        assertProblem(malformed, 400);
        assertProblem(get("/api/v1/no/such/route", null), 404);
        assertProblem(get("/api/v1/timeline/home", null), 401);
        assertProblem(get("/api/v1/timeline/home?limit=0", alice.token()), 400);
        assertProblem(get("/api/v1/users/" + alice.id() + "/tweets?cursor=forged", null), 400);
        assertProblem(post("/api/v1/tweets", alice.token(), "{\"text\":\"" + "🐦".repeat(281) + "\"}"), 400);
        assertThat(post("/api/v1/tweets", alice.token(), "{\"text\":\"" + "🐦".repeat(280) + "\"}").status())
                .isEqualTo(201);

        Reply spoofed = Chirp.send(Chirp.request("/api/v1/users/me", null).header("X-User-Id", alice.id()).GET());
        assertProblem(spoofed, 401);

        Reply traced = Chirp.send(Chirp.request("/api/v1/trends", null).header("X-Request-Id", "e2e-trace.1").GET());
        assertThat(traced.header("X-Request-Id")).isEqualTo("e2e-trace.1");
        Reply insane = Chirp.send(Chirp.request("/api/v1/trends", null).header("X-Request-Id", "bad id!<>").GET());
        assertThat(insane.header("X-Request-Id")).isNotBlank().isNotEqualTo("bad id!<>");
        for (Reply reply : List.of(traced, malformed, spoofed)) {
            assertThat(reply.header("X-RateLimit-Limit")).isNotBlank();
            assertThat(reply.header("X-RateLimit-Remaining")).isNotBlank();
        }
    }

    static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.body().get("status").asInt()).isEqualTo(status);
        assertThat(reply.body().hasNonNull("type")).isTrue();
        assertThat(reply.body().hasNonNull("title")).isTrue();
        assertThat(reply.header("X-Request-Id")).isNotBlank();
    }

    static List<JsonNode> notifications(Account account) {
        List<JsonNode> items = new ArrayList<>();
        get("/api/v1/notifications?limit=100", account.token()).body().get("items").forEach(items::add);
        return items;
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(255, 140, 0));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(new Color(30, 30, 120));
        graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
