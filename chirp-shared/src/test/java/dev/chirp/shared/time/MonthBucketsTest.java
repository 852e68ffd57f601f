package dev.chirp.shared.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import dev.chirp.shared.id.ChirpIds;
import org.junit.jupiter.api.Test;

class MonthBucketsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aBucketIsTheUtcMonth() {
        assertThat(MonthBuckets.of(Instant.parse("2026-11-30T23:59:59.999Z"))).isEqualTo(202611);
        assertThat(MonthBuckets.of(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo(202612);
        assertThat(MonthBuckets.start(202612)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void theBucketOfAnIdIsTheMonthItWasMadeIn() {
        long id = ChirpIds.lowestAt(Instant.parse("2027-02-14T12:00:00Z")) + 12345;
        assertThat(MonthBuckets.ofId(id)).isEqualTo(202702);
    }

    @Test
    void aUsersOldestBucketIsTheMonthTheirAccountWasMadeLessTheSkew() {
        long madeMidMonth = ChirpIds.lowestAt(Instant.parse("2026-12-03T09:00:00Z")) + 77;
        long madeAtMidnight = ChirpIds.lowestAt(Instant.parse("2026-12-01T00:02:00Z"));
        assertThat(MonthBuckets.oldestFor(madeMidMonth, NOW)).isEqualTo(202612);
        assertThat(MonthBuckets.oldestFor(madeAtMidnight, NOW)).as("a lagging clock may have stamped November")
                .isEqualTo(202611);
    }

    @Test
    void anIdTheGeneratorCannotHaveMadeBoundsNothing() {
        long fromTheFuture = ChirpIds.lowestAt(Instant.parse("2027-03-01T00:00:00Z"));
        assertThat(MonthBuckets.oldestFor(fromTheFuture, NOW)).isEqualTo(MonthBuckets.FIRST);
        assertThat(MonthBuckets.oldestFor(4004, NOW)).as("a test's small ID: the epoch's month")
                .isEqualTo(MonthBuckets.FIRST);
    }

    @Test
    void aWalkDownToAUsersOldestBucketReadsOnlyTheMonthsSinceTheAccount() {
        long madeThisMonth = ChirpIds.lowestAt(Instant.parse("2026-12-03T09:00:00Z"));
        MonthWalk walk = MonthWalk.ofUser(madeThisMonth, MonthBuckets.newest(NOW), NOW);
        List<Integer> read = new ArrayList<>();
        while (walk.hasNext()) {
            read.add(walk.next());
        }
        assertThat(read).containsExactly(202612);
        assertThat(walk.resumeBeforeId()).as("the walk reached its end: no cursor").isEmpty();
    }

    @Test
    void previousCrossesYears() {
        assertThat(MonthBuckets.previous(202701)).isEqualTo(202612);
        assertThat(MonthBuckets.previous(202611)).isEqualTo(202610);
    }

    @Test
    void onlyTimesFromTheEpochToNowPlusTheSkewArePossible() {
        assertThat(MonthBuckets.FIRST).isEqualTo(202501);
        assertThat(MonthBuckets.isPossible(ChirpIds.EPOCH, NOW)).isTrue();
        assertThat(MonthBuckets.isPossible(ChirpIds.EPOCH.minusMillis(1), NOW)).isFalse();
        assertThat(MonthBuckets.isPossible(NOW.plus(MonthBuckets.CLOCK_SKEW), NOW)).isTrue();
        assertThat(MonthBuckets.isPossible(NOW.plus(MonthBuckets.CLOCK_SKEW).plusMillis(1), NOW)).isFalse();
        assertThat(MonthBuckets.isPossible(Instant.parse("9999-12-31T23:59:59Z"), NOW)).isFalse();
        // the skew reaches into next month only in the last minutes of this one
        assertThat(MonthBuckets.newest(NOW)).isEqualTo(202612);
        assertThat(MonthBuckets.newest(Instant.parse("2026-12-31T23:58:00Z"))).isEqualTo(202701);
    }

    @Test
    void aWalkIsClampedToTheBucketsThatCanExist() {
        MonthWalk walk = MonthWalk.between(999912, 190001, Instant.parse("2025-03-10T00:00:00Z"));
        assertThat(drain(walk)).containsExactly(202503, 202502, 202501);
        assertThat(walk.resumeBefore()).isEmpty();
        assertThatThrownBy(walk::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aWalkStopsAtTheCapAndSaysWhereTheNextPageStarts() {
        MonthWalk walk = MonthWalk.from(202612, NOW);
        List<Integer> first = drain(walk);
        assertThat(first).hasSize(MonthBuckets.MAX_PER_PAGE).startsWith(202612).endsWith(202601);
        assertThat(walk.resumeBefore()).contains(Instant.parse("2026-01-01T00:00:00Z"));

        MonthWalk rest = MonthWalk.from(MonthBuckets.of(walk.resumeBefore().orElseThrow().minusMillis(1)), NOW);
        assertThat(drain(rest)).hasSize(12).startsWith(202512).endsWith(202501);
        assertThat(rest.resumeBefore()).as("the walk reached the first bucket").isEmpty();
    }

    @Test
    void aWalkBetweenTwoBucketsEndsAtTheOlder() {
        MonthWalk walk = MonthWalk.between(202612, 202610, NOW);
        assertThat(drain(walk)).containsExactly(202612, 202611, 202610);
        assertThat(walk.resumeBefore()).isEmpty();
        assertThat(drain(MonthWalk.between(202609, 202610, NOW))).isEmpty();
    }

    private static List<Integer> drain(MonthWalk walk) {
        List<Integer> buckets = new ArrayList<>();
        while (walk.hasNext()) {
            buckets.add(walk.next());
        }
        return buckets;
    }
}
