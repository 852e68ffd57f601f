package dev.chirp.tweet.tweets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TweetReadingIT extends TweetITBase {

    @Test
    void theUserTimelineIsNewestFirstAndPagesWithoutRepeatsOrGaps() {
        String handle = uniqueHandle();
        long author = newUser(handle);
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            posted.add(tweet(author, "tweet " + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            TestHttp.Response page = http.get("/api/v1/users/@" + handle.toUpperCase() + "/tweets?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asString();
        } while (cursor != null);
        java.util.Collections.reverse(posted);
        assertThat(seen).containsExactlyElementsOf(posted);
        assertThat(http.get("/api/v1/users/" + author + "/tweets", null).json().get("items")).hasSize(7);
    }

    @Test
    void unknownHandleIs404AndAnEmptyTimelineIsEmpty() {
        assertThat(http.get("/api/v1/users/@" + uniqueHandle() + "/tweets", null).status()).isEqualTo(404);
        // a page reads at most a year of months: an empty timeline may take a few empty pages to say so
        long nobody = anyUserId();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode empty = http.get("/api/v1/users/" + nobody + "/tweets"
                    + (cursor == null ? "" : "?cursor=" + cursor), null).json();
            assertThat(empty.get("items")).isEmpty();
            cursor = empty.get("next_cursor").isNull() ? null : empty.get("next_cursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(cursor).as("the walk ends at the first month").isNull();
    }

    @Test
    void repliesAreOldestFirstAndCounted() {
        long author = anyUserId();
        String parent = tweet(author, "parent");
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestHttp.Response reply = post(anyUserId(), Map.of("text", "reply " + i, "reply_to_id", parent));
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.json().get("reply_to_id").asString()).isEqualTo(parent);
            replies.add(reply.json().get("id").asString());
        }
        JsonNode page = http.get("/api/v1/tweets/" + parent + "/replies?limit=2", null).json();
        assertThat(page.get("items").valueStream().map(t -> t.get("id").asString()))
                .containsExactly(replies.get(0), replies.get(1));
        JsonNode rest = http.get("/api/v1/tweets/" + parent + "/replies?cursor="
                + page.get("next_cursor").asString(), null).json();
        assertThat(rest.get("items").valueStream().map(t -> t.get("id").asString())).containsExactly(replies.get(2));
        assertThat(http.get("/api/v1/tweets/" + parent, null).json().get("reply_count").asLong()).isEqualTo(3);
    }

    @Test
    void aDeletedTweetLeavesLookupsTimelinesRepliesAndLikeLists() {
        long author = anyUserId();
        String parent = tweet(author, "parent");
        long replier = anyUserId();
        String reply = post(replier, Map.of("text", "doomed reply", "reply_to_id", parent)).json().get("id")
                .asString();
        long fan = anyUserId();
        assertThat(http.put("/api/v1/tweets/" + reply + "/like", TestTokens.bearer(fan)).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/users/" + fan + "/likes", null).json().get("items")).hasSize(1);
        // warm the cache, so that the delete must evict it
        assertThat(http.getInternal("/internal/tweets?ids=" + reply).json().get("items")).hasSize(1);

        assertThat(http.delete("/api/v1/tweets/" + reply, TestTokens.bearer(replier)).status()).isEqualTo(204);

        assertThat(http.get("/api/v1/tweets/" + reply, null).status()).isEqualTo(404);
        assertThat(http.getInternal("/internal/tweets?ids=" + reply).json().get("items")).isEmpty();
        assertThat(http.get("/api/v1/users/" + replier + "/tweets", null).json().get("items")).isEmpty();
        assertThat(http.get("/api/v1/tweets/" + parent + "/replies", null).json().get("items")).isEmpty();
        assertThat(http.get("/api/v1/users/" + fan + "/likes", null).json().get("items")).isEmpty();
        assertThat(http.get("/api/v1/tweets/" + parent, null).json().get("reply_count").asLong()).isZero();
        assertThat(http.delete("/api/v1/tweets/" + reply, TestTokens.bearer(replier)).status()).isEqualTo(404);

        long replyId = Long.parseLong(reply);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("tweets"))
                .filteredOn(e -> e.payload() instanceof TweetDeleted d && d.tweetId() == replyId)
                .singleElement()
                .satisfies(e -> assertThat(((TweetDeleted) e.payload()).authorId()).isEqualTo(replier)));
    }

    @Test
    void deletingNeedsAToken() {
        long author = anyUserId();
        String id = tweet(author, "x");
        assertThat(http.delete("/api/v1/tweets/" + id, null).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/tweets/" + id, null).status()).isEqualTo(200);
    }
}
