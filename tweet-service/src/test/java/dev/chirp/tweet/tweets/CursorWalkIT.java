package dev.chirp.tweet.tweets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.Cursors;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue #23: a cursor drives a walk over month partitions, so a crafted one must not make a request read months
 * where nothing can be, and a sparse list must page on instead of walking every month since the epoch in one
 * request.
 */
class CursorWalkIT extends TweetITBase {

    /** The cursor of the issue: liked_at in the year 9999, tweet ID Long.MAX_VALUE. */
    private static final String YEAR_9999 = "YzEfMjUzNDAyMzAwNzk5MDAwHzkyMjMzNzIwMzY4NTQ3NzU4MDc";
    /** The first instant of the first bucket: ids and likes of then are as old as anything can be. */
    private static final Instant EPOCH_MONTH = Instant.parse("2025-01-15T12:00:00Z");
    private static final int MAX_PAGES = 10;

    @Test
    void cursorsOutsideWhatCanExistAre400WithoutAWalk() {
        long user = anyUserId();
        String parent = tweet(user, "parent");
        Instant inAnHour = Instant.now().plus(1, ChronoUnit.HOURS);
        List<String> likesCursors = List.of(YEAR_9999,
                Cursors.encode(inAnHour.toEpochMilli(), 1),
                Cursors.encode(ChirpIds.EPOCH.toEpochMilli() - 1, 1),
                Cursors.encode(Long.MAX_VALUE, Long.MAX_VALUE),
                Cursors.encode(Instant.now().toEpochMilli()));
        for (String cursor : likesCursors) {
            assertProblem400(http.get("/api/v1/users/" + user + "/likes?cursor=" + cursor, null), cursor);
        }
        List<String> idCursors = List.of(Cursors.encode(Long.MAX_VALUE),
                Cursors.encode(ChirpIds.lowestAt(inAnHour)),
                Cursors.encode(-1),
                Cursors.encode(ChirpIds.lowestAt(Instant.now()), 7));
        for (String cursor : idCursors) {
            assertProblem400(http.get("/api/v1/users/" + user + "/tweets?cursor=" + cursor, null), cursor);
            assertProblem400(http.get("/api/v1/tweets/" + parent + "/replies?cursor=" + cursor, null), cursor);
        }
    }

    @Test
    void aLikeInTheFirstMonthIsFoundByPagingAcrossEmptyMonths() {
        long fan = anyUserId();
        long liked = Long.parseLong(tweet(anyUserId(), "liked long ago"));
        // as a like of January 2025 lies in likes_by_user: nothing newer, so the walk crosses every month since
        cql().execute("INSERT INTO likes_by_user (user_id, month, liked_at, tweet_id) VALUES (?, ?, ?, ?)",
                fan, 202501, EPOCH_MONTH, liked);

        List<JsonNode> pages = walk("/api/v1/users/" + fan + "/likes?limit=5");

        assertThat(ids(pages)).containsExactly(Long.toString(liked));
        assertThat(pages.size()).as("the walk took more than one page (a page reads at most a year of months)")
                .isGreaterThan(1);
        assertThat(pages.get(0).get("items")).as("the newest year holds nothing").isEmpty();
    }

    @Test
    void aTweetInTheFirstMonthIsFoundByPagingAcrossEmptyMonths() {
        long author = anyUserId();
        String recent = tweet(author, "recent");
        long old = ChirpIds.lowestAt(EPOCH_MONTH) + ThreadLocalRandom.current().nextInt(1, 1 << 20);
        // an old tweet as the store holds one: the recent tweet's body under the old ID, in the old month
        String body = cql().execute("SELECT body FROM tweets_by_id WHERE tweet_id = ?", Long.parseLong(recent))
                .one().getString(0);
        ObjectNode oldBody = (ObjectNode) TestHttp.JSON.readTree(body);
        oldBody.put("id", old);
        cql().execute("INSERT INTO tweets_by_id (tweet_id, author_id, body, deleted) VALUES (?, ?, ?, false)",
                old, author, TestHttp.JSON.writeValueAsString(oldBody));
        cql().execute("INSERT INTO tweets_by_user (author_id, month, tweet_id) VALUES (?, ?, ?)", author, 202501, old);

        List<JsonNode> pages = walk("/api/v1/users/" + author + "/tweets?limit=5");

        assertThat(ids(pages)).containsExactly(recent, Long.toString(old));
        assertThat(pages.size()).as("the walk took more than one page").isGreaterThan(1);
    }

    private List<JsonNode> walk(String path) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            TestHttp.Response response = http.get(path + (cursor == null ? "" : "&cursor=" + cursor),
                    TestTokens.bearer(anyUserId()));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode page = response.json();
            pages.add(page);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
        } while (cursor != null && pages.size() < MAX_PAGES);
        assertThat(cursor).as("the walk ends").isNull();
        return pages;
    }

    private static List<String> ids(List<JsonNode> pages) {
        List<String> ids = new ArrayList<>();
        pages.forEach(page -> page.get("items").forEach(item -> ids.add(item.get("id").asString())));
        return ids;
    }

    private static void assertProblem400(TestHttp.Response response, String cursor) {
        assertThat(response.status()).as(cursor + ": " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }
}
