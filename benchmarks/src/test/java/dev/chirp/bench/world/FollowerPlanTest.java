package dev.chirp.bench.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FollowerPlanTest {

    private final FollowerPlan plan = new FollowerPlan(2_000, 1.0, 42);

    @Test
    void followerCountsFollowAPowerLawWithAFewCelebrities() {
        assertThat(plan.followerCount(1)).isEqualTo(1_999);
        assertThat(plan.followerCount(2)).isEqualTo(1_000);
        assertThat(plan.followerCount(4)).isEqualTo(500);
        assertThat(plan.followerCount(2_000)).isEqualTo(1);
        long celebrities = java.util.stream.IntStream.rangeClosed(1, 2_000)
                .filter(rank -> plan.followerCount(rank) >= 500).count();
        assertThat(celebrities).isEqualTo(4);
        assertThat(plan.totalFollows()).isEqualTo(16_277);
        for (int rank = 2; rank <= 2_000; rank++) {
            assertThat(plan.followerCount(rank)).isLessThanOrEqualTo(plan.followerCount(rank - 1));
        }
    }

    @Test
    void followersAreDistinctOthersInRangeAndAsManyAsPlanned() {
        for (int rank : new int[] {1, 2, 3, 17, 500, 2_000}) {
            int[] followers = plan.followersOf(rank);
            assertThat(followers).hasSize(plan.followerCount(rank));
            assertThat(Arrays.stream(followers).distinct().count()).isEqualTo(followers.length);
            assertThat(followers).doesNotContain(rank);
            assertThat(Arrays.stream(followers).allMatch(f -> f >= 1 && f <= 2_000)).isTrue();
        }
    }

    @Test
    void theSamePlanAsksForTheSameFollowsEveryRun() {
        FollowerPlan again = new FollowerPlan(2_000, 1.0, 42);
        assertThat(again.followersOf(37)).isEqualTo(plan.followersOf(37));
        assertThat(new FollowerPlan(2_000, 1.0, 43).followersOf(37)).isNotEqualTo(plan.followersOf(37));
    }

    @Test
    void totalIsTheSumOfTheCounts() {
        FollowerPlan small = new FollowerPlan(5, 1.0, 1);
        // 4, 2, 1 (4/3 rounds to 1), 1, 1
        assertThat(small.totalFollows()).isEqualTo(9);
        assertThatThrownBy(() -> new FollowerPlan(1, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
