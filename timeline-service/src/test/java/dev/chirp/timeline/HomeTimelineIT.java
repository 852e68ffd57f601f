package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.chirp.shared.event.TweetSnapshot;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Reads of the home timeline: order, cursors, rebuilds, deletions, follows and unfollows. */
class HomeTimelineIT extends TimelineITBase {

    @Test
    void pagesAreNewestFirstAndNeverRepeatOrSkip() {
        long reader = newUserId();
        long alice = newUserId();
        long bob = newUserId();
        follow(reader, alice, 1);
        follow(reader, bob, 1);
        awaitFollowing(reader, alice, true);
        awaitFollowing(reader, bob, true);
        List<Long> posted = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            posted.add(tweet(i % 2 == 0 ? alice : bob).id());
        }
        posted.add(tweet(reader).id());
        List<Long> expected = posted.stream().sorted(Comparator.reverseOrder()).toList();

        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == expected.size());

        assertThat(wholeHome(reader, 4)).containsExactlyElementsOf(expected);
        assertThat(wholeHome(reader, 1)).containsExactlyElementsOf(expected);
        JsonNode last = homePage(reader, expected.size(), null);
        assertThat(ids(last)).containsExactlyElementsOf(expected);
        assertThat(last.path("next_cursor").isNull()).isTrue();
    }

    @Test
    void aReadSaysWhereItsTimeWentInServerTiming() {
        long reader = newUserId();
        long author = newUserId();
        follow(reader, author, 1);
        awaitFollowing(reader, author, true);
        long posted = tweet(author).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).contains(posted));

        var response = get("/api/v1/timeline/home?limit=5", dev.chirp.testsupport.TestTokens.bearer(reader));

        assertThat(response.status()).isEqualTo(200);
        String timing = response.header("Server-Timing").orElse("");
        assertThat(timing).containsPattern("timeline-follows;dur=\\d+\\.\\d\\d;desc=\"[^\"]+\"")
                .containsPattern("timeline-redis;dur=\\d+\\.\\d\\d;desc=\"timeline-service: home timeline read")
                .containsPattern("timeline-celebrities;dur=\\d+\\.\\d\\d")
                .containsPattern("timeline-hydrate;dur=\\d+\\.\\d\\d;desc=\"timeline-service: tweet bodies from tweet-service\"")
                .containsPattern("timeline-total;dur=\\d+\\.\\d\\d");
        double hydrate = duration(timing, "timeline-hydrate");
        assertThat(duration(timing, "timeline-total")).as("the whole read includes its phases")
                .isGreaterThanOrEqualTo(hydrate + duration(timing, "timeline-redis"));
    }

    private static double duration(String serverTiming, String name) {
        var matcher = java.util.regex.Pattern.compile(name + ";dur=([0-9.]+)").matcher(serverTiming);
        assertThat(matcher.find()).as(name + " in " + serverTiming).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void aMissingTimelineIsRebuiltFromCassandraWithTheSameTweets() {
        long reader = newUserId();
        long author = newUserId();
        follow(reader, author, 1);
        awaitFollowing(reader, author, true);
        List<Long> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(tweet(author).id());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == 5);
        List<Long> before = home(reader);

        flushMyKeys();
        assertThat(redis.hasKey(homeKey(reader))).isFalse();

        assertThat(home(reader)).containsExactlyElementsOf(before)
                .containsExactlyInAnyOrderElementsOf(posted);
        assertThat(redis.getExpire(homeKey(reader))).as("rebuilt and marked active for the active window")
                .isGreaterThan(Duration.ofDays(29).toSeconds());
    }

    @Test
    void aNewTweetIsFannedOutIntoAnActiveFollowersTimeline() {
        long reader = newUserId();
        long author = newUserId();
        follow(reader, author, 1);
        awaitFollowing(reader, author, true);
        assertThat(home(reader)).isEmpty();

        TweetSnapshot tweet = tweet(author);

        await().atMost(Duration.ofSeconds(10)).until(() -> inRedisTimeline(reader, tweet.id()));
        assertThat(home(reader)).containsExactly(tweet.id());
    }

    @Test
    void deletedTweetsLeaveTheTimelineAndPagesStayFull() {
        long reader = newUserId();
        long author = newUserId();
        follow(reader, author, 1);
        awaitFollowing(reader, author, true);
        List<TweetSnapshot> posted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posted.add(tweet(author));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == 8);

        delete(posted.get(7));
        await().atMost(Duration.ofSeconds(10)).until(() -> !inRedisTimeline(reader, posted.get(7).id()));
        // Deleted at tweet-service but the event not yet applied here: hydration drops them.
        TWEETS.delete(posted.get(6).id());
        TWEETS.delete(posted.get(5).id());

        JsonNode page = homePage(reader, 4, null);

        assertThat(ids(page)).containsExactly(posted.get(4).id(), posted.get(3).id(), posted.get(2).id(),
                posted.get(1).id());
        JsonNode rest = homePage(reader, 4, page.path("next_cursor").asString());
        assertThat(ids(rest)).containsExactly(posted.get(0).id());
        assertThat(rest.path("next_cursor").isNull()).isTrue();
    }

    @Test
    void aRunOfDeletedTweetsLongerThanTheSlackNeitherEmptiesNorEndsThePages() {
        long reader = newUserId();
        long author = newUserId();
        follow(reader, author, 1);
        awaitFollowing(reader, author, true);
        List<Long> posted = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            posted.add(tweet(author).id());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == 12);

        // The six newest are gone at tweet-service (their TweetDeleted not applied here yet): a page of one asks
        // for six candidates, all of them deleted, and must still go on to the older tweets.
        posted.subList(6, 12).forEach(TWEETS::delete);

        List<Long> remaining = posted.subList(0, 6).stream().sorted(Comparator.reverseOrder()).toList();
        assertThat(wholeHome(reader, 1)).containsExactlyElementsOf(remaining);
    }

    @Test
    void aPageIsHydratedWithOneCallToTweetService() {
        long reader = newUserId();
        long author = newUserId();
        follow(reader, author, 1);
        awaitFollowing(reader, author, true);
        for (int i = 0; i < 6; i++) {
            tweet(author);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == 6);
        int before = TWEETS.lookups().size();

        assertThat(ids(homePage(reader, 3, null))).hasSize(3);

        assertThat(TWEETS.lookups().size() - before).isEqualTo(1);
    }

    @Test
    void afterAFollowTheFolloweesRecentTweetsAppearAndAfterAnUnfollowTheyLeave() {
        long reader = newUserId();
        long friend = newUserId();
        long stranger = newUserId();
        follow(reader, friend, 1);
        awaitFollowing(reader, friend, true);
        TweetSnapshot fromFriend = tweet(friend);
        List<Long> fromStranger = Stream.of(tweet(stranger), tweet(stranger)).map(TweetSnapshot::id).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).contains(fromFriend.id()));

        follow(reader, stranger, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> home(reader).containsAll(fromStranger));
        assertThat(home(reader)).containsExactly(fromStranger.get(1), fromStranger.get(0), fromFriend.id());

        unfollow(reader, stranger, 0);

        await().atMost(Duration.ofSeconds(10)).until(() -> home(reader).equals(List.of(fromFriend.id())));
    }
}
