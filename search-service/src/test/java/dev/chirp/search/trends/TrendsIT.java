package dev.chirp.search.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.search.support.SearchITBase;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

class TrendsIT extends SearchITBase {

    private static final Duration COUNTED = Duration.ofSeconds(15);

    /** hashtag → tweet_count, in the order of the answer. */
    private Map<String, Long> trends() {
        TestHttp.Response response = get("/api/v1/trends?limit=100");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("window").asString()).isEqualTo("PT1H");
        Map<String, Long> trends = new LinkedHashMap<>();
        for (JsonNode item : response.json().get("items")) {
            trends.put(item.get("hashtag").asString(), item.get("tweet_count").asLong());
        }
        return trends;
    }

    /** {@code count} tweets with {@code tag}, each by a different account. */
    private static void tweets(int count, String tag, Instant createdAt) {
        for (int i = 0; i < count; i++) {
            publishTweet(tweet(1 + i, "ann" + i, "#" + tag, List.of(tag), null, createdAt));
        }
    }

    @Test
    void oneAccountRepeatingATagDoesNotMakeItTrend() {
        String m = marker();
        String spam = "spam" + m;
        for (int i = 0; i < 10; i++) {
            publishTweet(tweet(7, "spammer", "#" + spam + " buy now", List.of(spam), null, Instant.now()));
        }
        // published after the spam, so once it is counted the spam is too
        String sentinel = "sentinel" + m;
        tweets(5, sentinel, Instant.now());

        await().atMost(COUNTED).untilAsserted(() -> assertThat(trends()).containsEntry(sentinel, 5L));
        assertThat(trends()).doesNotContainKey(spam);
    }

    @Test
    void fiveAccountsOnceEachMakeATagTrend() {
        String tag = "five" + marker();
        tweets(5, tag, Instant.now());

        await().atMost(COUNTED).untilAsserted(() -> assertThat(trends()).containsEntry(tag, 5L));
    }

    @Test
    void tweetCountReportsTweetsWhileRankingCountsAccounts() {
        String m = marker();
        String chatty = "chatty" + m;
        String broad = "broad" + m;
        // chatty: 5 accounts, 25 tweets; broad: 8 accounts, 8 tweets
        for (int round = 0; round < 5; round++) {
            tweets(5, chatty, Instant.now());
        }
        tweets(8, broad, Instant.now());

        await().atMost(COUNTED).untilAsserted(() -> {
            Map<String, Long> trends = trends();
            assertThat(trends).containsEntry(chatty, 25L).containsEntry(broad, 8L);
            List<String> order = List.copyOf(trends.keySet());
            assertThat(order.indexOf(broad)).isLessThan(order.indexOf(chatty));
        });
    }

    @Test
    void aBurstOfANewTagTrendsAboveASteadyBusyTag() {
        String m = marker();
        String steady = "steady" + m;
        String burst = "Café" + m;
        String quiet = "日本" + m;
        Instant now = Instant.now();
        tweets(12, steady, now.minus(Duration.ofMinutes(90)));
        tweets(12, steady, now);
        tweets(8, burst, now);
        tweets(4, quiet, now);

        await().atMost(COUNTED).untilAsserted(() -> {
            Map<String, Long> trends = trends();
            assertThat(trends).containsEntry(steady, 12L).containsEntry("café" + m, 8L);
            List<String> order = List.copyOf(trends.keySet());
            assertThat(order.indexOf("café" + m)).isLessThan(order.indexOf(steady));
        });
        // below the minimum volume of 5 in the last hour
        assertThat(trends()).doesNotContainKey(quiet);
    }

    @Test
    void aReplayedTweetIsCountedOnce() {
        String m = marker();
        String tag = "replay" + m;
        TweetSnapshot first = publishTweet(tweet(100, "zed", "#" + tag, List.of(tag, tag.toUpperCase()), null,
                Instant.now()));
        tweets(4, tag, Instant.now());
        await().atMost(COUNTED).untilAsserted(() -> assertThat(trends()).containsEntry(tag, 5L));

        publishTweet(first);
        publishTweet(first);
        String sentinel = "sentinel" + m;
        tweets(5, sentinel, Instant.now());

        await().atMost(COUNTED).untilAsserted(() -> assertThat(trends()).containsEntry(sentinel, 5L));
        assertThat(trends()).containsEntry(tag, 5L);
    }

    @Test
    void tweetsOlderThanTwoHoursCountNowhere() {
        String m = marker();
        String old = "old" + m;
        tweets(6, old, Instant.now().minus(Duration.ofHours(3)));
        String sentinel = "fresh" + m;
        tweets(5, sentinel, Instant.now());

        await().atMost(COUNTED).untilAsserted(() -> assertThat(trends()).containsKey(sentinel));
        assertThat(trends()).doesNotContainKey(old);
    }

    @Test
    void limitCapsTheList() {
        TestHttp.Response response = get("/api/v1/trends?limit=1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("items").size()).isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-3", "ten"})
    void aBadLimitIsA400OnLimit(String limit) {
        TestHttp.Response response = get("/api/v1/trends?limit=" + limit);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
    }
}
