package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.chirp.shared.event.TweetSnapshot;
import org.junit.jupiter.api.Test;

/**
 * Authors at or above the celebrity threshold (2,000 in tests; follower counts come from the follow events, as
 * user-service reports them) are not fanned out: their tweets are merged into followers' pages at read time.
 */
class CelebrityIT extends TimelineITBase {

    @Test
    void celebrityTweetsAreMergedAtReadTimeAndPagesCrossBothSourcesWithoutRepeatsOrSkips() {
        long reader = newUserId();
        long celebrity = newUserId();
        long friend = newUserId();
        follow(reader, celebrity, CELEBRITY_THRESHOLD + 500);
        follow(reader, friend, 3);
        awaitFollowing(reader, celebrity, true);
        awaitFollowing(reader, friend, true);
        home(reader);
        List<Long> posted = new ArrayList<>();
        List<Long> fromCelebrity = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            TweetSnapshot tweet = tweet(i % 3 == 0 ? friend : celebrity);
            posted.add(tweet.id());
            if (tweet.authorId() == celebrity) {
                fromCelebrity.add(tweet.id());
            }
        }
        List<Long> expected = posted.stream().sorted(Comparator.reverseOrder()).toList();

        await().atMost(Duration.ofSeconds(30)).until(() -> home(reader).size() == expected.size());

        assertThat(wholeHome(reader, 2)).containsExactlyElementsOf(expected);
        assertThat(wholeHome(reader, 4)).containsExactlyElementsOf(expected);
        assertThat(fromCelebrity).as("not fanned out").noneMatch(id -> inRedisTimeline(reader, id));
        assertThat(myKeys()).contains(REDIS_PREFIX + "celeb:" + celebrity);
    }

    @Test
    void crossingTheThresholdSwitchesBetweenFanOutAndMergeForExistingFollowers() {
        long reader = newUserId();
        long rising = newUserId();
        long other = newUserId();
        follow(reader, rising, CELEBRITY_THRESHOLD - 1);
        awaitFollowing(reader, rising, true);
        home(reader);
        TweetSnapshot before = tweet(rising);
        await().atMost(Duration.ofSeconds(10)).until(() -> inRedisTimeline(reader, before.id()));

        follow(other, rising, CELEBRITY_THRESHOLD);
        awaitFollowing(other, rising, true);
        TweetSnapshot famous = tweet(rising);

        await().atMost(Duration.ofSeconds(10)).until(() -> home(reader).equals(List.of(famous.id(), before.id())));
        assertThat(inRedisTimeline(reader, famous.id())).as("merged at read time, not fanned out").isFalse();

        // Below the threshold but within the hysteresis band (10 %): still a celebrity.
        unfollow(other, rising, CELEBRITY_THRESHOLD - 1);
        awaitFollowing(other, rising, false);
        TweetSnapshot stillFamous = tweet(rising);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> home(reader).equals(List.of(stillFamous.id(), famous.id(), before.id())));
        assertThat(inRedisTimeline(reader, stillFamous.id())).as("still merged at read time").isFalse();

        // Below threshold × 0.9: an ordinary author again, the recent tweets merged into existing timelines.
        follow(other, rising, CELEBRITY_THRESHOLD);
        unfollow(other, rising, CELEBRITY_THRESHOLD * 9 / 10 - 1);
        awaitFollowing(other, rising, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> inRedisTimeline(reader, famous.id())
                && inRedisTimeline(reader, stillFamous.id()));
        assertThat(home(reader)).containsExactly(stillFamous.id(), famous.id(), before.id());
    }

    @Test
    void followingACelebrityShowsTheirTweetsAndUnfollowingRemovesThem() {
        long reader = newUserId();
        long celebrity = newUserId();
        TweetSnapshot old = tweet(celebrity);
        home(reader);

        follow(reader, celebrity, CELEBRITY_THRESHOLD * 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> home(reader).contains(old.id()));

        unfollow(reader, celebrity, CELEBRITY_THRESHOLD * 10 - 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> home(reader).isEmpty());
    }
}
