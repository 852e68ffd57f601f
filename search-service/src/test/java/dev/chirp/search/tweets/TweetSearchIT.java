package dev.chirp.search.tweets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.chirp.search.support.FakeSiblingServices.Lookup;
import dev.chirp.search.support.SearchITBase;
import dev.chirp.shared.event.Topic;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.TweetSnapshot.GeoPoint;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

class TweetSearchIT extends SearchITBase {

    private static final Duration INDEXED = Duration.ofSeconds(15);

    private void awaitFound(String q, List<String> expected) {
        await().atMost(INDEXED).untilAsserted(() -> assertThat(searchTweets(q)).isEqualTo(expected));
    }

    private void awaitFoundInAnyOrder(String q, List<String> expected) {
        await().atMost(INDEXED).untilAsserted(() ->
                assertThat(searchTweets(q)).containsExactlyInAnyOrderElementsOf(expected));
    }

    @Test
    void wordsMustAllMatchAndTheBestMatchComesFirst() {
        String m = marker();
        TweetSnapshot strong = publishTweet("ann", m + " espresso espresso espresso", List.of());
        TweetSnapshot weak = publishTweet("ann", m + " espresso with a long tail of other words to dilute it",
                List.of());
        TweetSnapshot other = publishTweet("ann", m + " green tea", List.of());

        awaitFoundInAnyOrder(m, idsOf(other, weak, strong));

        assertThat(searchTweets(m + " espresso")).isEqualTo(idsOf(strong, weak));
        assertThat(searchTweets(m + " ESPRESSO tea")).isEmpty();
        assertThat(searchTweets(m + " tea")).isEqualTo(idsOf(other));
    }

    @Test
    void aPhraseMatchesOnlyTheWordsInThatOrder() {
        String m = marker();
        TweetSnapshot inOrder = publishTweet("ann", m + " the red car is parked", List.of());
        TweetSnapshot reversed = publishTweet("ann", m + " the car is red", List.of());

        awaitFoundInAnyOrder(m + " car red", idsOf(inOrder, reversed));

        assertThat(searchTweets(m + " \"red car\"")).isEqualTo(idsOf(inOrder));
    }

    @Test
    void hashtagsMatchWholeTagsCaseInsensitivelyWithUnicode() {
        String m = marker();
        TweetSnapshot cafe = publishTweet("ann", m + " morning #Café_" + m + "🎉☕", List.of("café_" + m));
        TweetSnapshot plainCafe = publishTweet("ann", m + " morning #cafe_" + m, List.of("cafe_" + m));
        TweetSnapshot japan = publishTweet("ann", m + " 旅行 #日本" + m + "🗾", List.of("日本" + m));
        TweetSnapshot longer = publishTweet("ann", m + " #café_" + m + "x", List.of("café_" + m + "x"));
        awaitFoundInAnyOrder(m, idsOf(cafe, plainCafe, japan, longer));

        assertThat(searchTweets("#CAFÉ_" + m)).isEqualTo(idsOf(cafe));
        assertThat(searchTweets("#cafe\u0301_" + m)).isEqualTo(idsOf(cafe));
        assertThat(searchTweets("#cafe_" + m)).isEqualTo(idsOf(plainCafe));
        assertThat(searchTweets("#日本" + m + "🗾")).isEqualTo(idsOf(japan));
        assertThat(searchTweets("#café_" + m + "x")).isEqualTo(idsOf(longer));
    }

    @Test
    void fromMatchesTheAuthorsHandleCaseInsensitively() {
        String m = marker();
        String handle = "Au_" + m;
        TweetSnapshot mine = publishTweet(tweet(7, handle, m + " hello", List.of(), null, Instant.now()));
        TweetSnapshot theirs = publishTweet(tweet(8, "x" + handle, m + " hello", List.of(), null, Instant.now()));
        awaitFoundInAnyOrder(m, idsOf(mine, theirs));

        assertThat(searchTweets("from:" + handle.toUpperCase())).isEqualTo(idsOf(mine));
        assertThat(searchTweets("from:@x" + handle.toLowerCase())).isEqualTo(idsOf(theirs));
    }

    @Test
    void nearFiltersByDistanceFromAPoint() {
        double lat = -60 + Math.random() * 120;
        double lon = -170 + Math.random() * 340;
        TweetSnapshot here = publishTweet(tweet(1, "ann", "right here", List.of(),
                new GeoPoint(lat, lon), Instant.now()));
        TweetSnapshot farther = publishTweet(tweet(1, "ann", "a bit farther", List.of(),
                new GeoPoint(lat + 1.0, lon), Instant.now()));  // about 111 km north

        String point = String.format(java.util.Locale.ROOT, "%.5f,%.5f", lat, lon);
        awaitFoundInAnyOrder("near:" + point + ",150km", idsOf(here, farther));

        assertThat(searchTweets("near:" + point + ",50")).isEqualTo(idsOf(here));
    }

    @Test
    void operatorsCombine() {
        String m = marker();
        String handle = "c_" + m;
        GeoPoint paris = new GeoPoint(48.8566, 2.3522);
        TweetSnapshot all = publishTweet(tweet(3, handle, m + " flat white at the corner #coffee" + m,
                List.of("coffee" + m), paris, Instant.now()));
        TweetSnapshot noPlace = publishTweet(tweet(3, handle, m + " flat white at home #coffee" + m,
                List.of("coffee" + m), null, Instant.now()));
        TweetSnapshot noTag = publishTweet(tweet(3, handle, m + " flat white at the corner",
                List.of(), paris, Instant.now()));
        TweetSnapshot otherAuthor = publishTweet(tweet(4, "o_" + m, m + " flat white #coffee" + m,
                List.of("coffee" + m), paris, Instant.now()));
        TweetSnapshot wrongOrder = publishTweet(tweet(3, handle, m + " white flat #coffee" + m,
                List.of("coffee" + m), paris, Instant.now()));

        awaitFoundInAnyOrder(m, idsOf(all, noPlace, noTag, otherAuthor, wrongOrder));

        assertThat(searchTweets(m + " \"flat white\" #coffee" + m + " from:" + handle + " near:48.85,2.35,5"))
                .isEqualTo(idsOf(all));
        assertThat(searchTweets("#coffee" + m + " from:" + handle))
                .containsExactlyInAnyOrderElementsOf(idsOf(all, noPlace, wrongOrder));
        assertThat(searchTweets(m + " \"flat white\" near:48.85,2.35,5"))
                .containsExactlyInAnyOrderElementsOf(idsOf(all, noTag, otherAuthor));
    }

    @Test
    void aDeletedTweetLeavesTheIndex() {
        String m = marker();
        TweetSnapshot kept = publishTweet("ann", m + " stays", List.of());
        TweetSnapshot deleted = publishTweet("ann", m + " goes", List.of());
        awaitFound(m, idsOf(deleted, kept));

        // tweet-service would still render it: only the index can make it disappear here
        publishDeletion(deleted);

        awaitFound(m, idsOf(kept));
    }

    @Test
    void aTweetThatTweetServiceNoLongerHasIsLeftOut() {
        String m = marker();
        TweetSnapshot kept = publishTweet("ann", m + " stays", List.of());
        TweetSnapshot gone = publishTweet("ann", m + " gone", List.of());
        awaitFound(m, idsOf(gone, kept));

        SIBLINGS.removeTweet(gone.id());

        assertThat(searchTweets(m)).isEqualTo(idsOf(kept));
    }

    @Test
    void aReplayedEventIndexesNothingTwice() {
        String m = marker();
        TweetSnapshot tweet = publishTweet("ann", m + " once", List.of());
        publishTweet(tweet);
        TweetSnapshot after = publishTweet("ann", m + " next", List.of());

        awaitFound(m, idsOf(after, tweet));
    }

    @Test
    void anUnreadableRecordIsSkippedAndDoesNotBlockThePartition() {
        String m = marker();
        publishRaw(Topic.TWEETS, "1", "{not json");
        publishRaw(Topic.TWEETS, "1", "{\"type\":\"TweetCreated\",\"version\":1}");
        publishRaw(Topic.TWEETS, "1", "{\"type\":\"SomethingNew\",\"version\":1,\"payload\":{}}");
        TweetSnapshot good = publishTweet("ann", m + " after the poison", List.of());

        awaitFound(m, idsOf(good));
    }

    @Test
    void pagesNeverRepeatOrSkipAndEndWithANullCursor() {
        String m = marker();
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(0, Long.toString(publishTweet("ann", m + " page item", List.of()).id()));
        }
        awaitFound(m, published);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TestHttp.Response page = get("/api/v1/search/tweets?limit=2&q=" + encode(m)
                    + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(ids(page));
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).isEqualTo(published);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theViewerIsPassedToTweetServiceSoLikedByMeIsPersonal() {
        String m = marker();
        TweetSnapshot tweet = publishTweet("ann", m + " personal", List.of());
        awaitFound(m, idsOf(tweet));

        TestHttp.Response signedIn = get("/api/v1/search/tweets?q=" + m, TestTokens.bearer(42));
        TestHttp.Response anonymous = get("/api/v1/search/tweets?q=" + m);

        assertThat(signedIn.json().get("items").get(0).get("liked_by_me").asBoolean()).isFalse();
        assertThat(anonymous.json().get("items").get(0).get("liked_by_me").isNull()).isTrue();
        assertThat(anonymous.json().get("items").get(0).get("like_count").asInt()).isZero();
        List<Lookup> lookups = SIBLINGS.lookups().stream()
                .filter(lookup -> lookup.ids().contains(tweet.id())).toList();
        assertThat(lookups).extracting(Lookup::path).containsOnly("/internal/tweets");
        assertThat(lookups).extracting(Lookup::viewer).contains(42L).containsNull();
    }

    @Test
    void nothingFoundIsAnEmptyPageWithoutCallingTweetService() {
        String m = marker();
        int before = SIBLINGS.lookups().size();

        TestHttp.Response response = get("/api/v1/search/tweets?q=" + m);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("items")).isEmpty();
        assertThat(response.json().get("next_cursor").isNull()).isTrue();
        assertThat(SIBLINGS.lookups().size()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=", "q=%20%20", "", "q=%22unbalanced", "q=near%3A91%2C0%2C5", "q=near%3Aa%2Cb%2Cc",
            "q=near%3A0%2C0%2C0", "q=near%3A0%2C0%2C99999", "q=from%3A", "q=from%3Ano-dashes", "q=%23",
            "q=%22%22"})
    void malformedQueriesAreA400OnQ(String query) {
        assertFieldError("/api/v1/search/tweets?" + query, "q");
    }

    @Test
    void anOverlongQueryIsA400OnQ() {
        assertFieldError("/api/v1/search/tweets?q=" + "a".repeat(501), "q");
        assertThat(get("/api/v1/search/tweets?q=" + "a".repeat(500)).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=-1", "limit=abc"})
    void aBadLimitIsA400OnLimit(String limit) {
        assertFieldError("/api/v1/search/tweets?q=x&" + limit, "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "YzEfMQ", "YzEfYWJjH3h5eg", "YzEfTmFOHzE"})
    void aForgedCursorIsA400OnCursor(String cursor) {
        assertFieldError("/api/v1/search/tweets?q=x&cursor=" + cursor, "cursor");
    }

    @Test
    void aForgedTokenIsRefusedEvenOnThisPublicEndpoint() {
        TestHttp.Response response = get("/api/v1/search/tweets?q=x", "Bearer " + TestTokens.signedByStranger(1));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private void assertFieldError(String pathAndQuery, String field) {
        TestHttp.Response response = get(pathAndQuery);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }
}
