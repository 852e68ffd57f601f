package dev.chirp.search.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.chirp.search.trends.TrendRanking.Counts;
import dev.chirp.search.trends.TrendRanking.Trend;
import org.junit.jupiter.api.Test;

class TrendRankingTest {

    @Test
    void aNewTagWithVolumeOutranksASteadyBusyTag() {
        var ranked = TrendRanking.rank(Map.of(
                "steady", new Counts(1_000, 1_000, 1_000),
                "new", new Counts(20, 0, 20)), 5, 10);

        assertThat(ranked).containsExactly(new Trend("new", 20), new Trend("steady", 1_000));
    }

    @Test
    void aBusyTagMustGrowByMuchMoreThanAQuietOneToScoreTheSame() {
        var ranked = TrendRanking.rank(Map.of(
                "busy", new Counts(1_100, 1_000, 1_100),   // +100 on 1000: about 3.2 deviations
                "quiet", new Counts(30, 5, 30)), 5, 10); // +25 on 5: about 10 deviations

        assertThat(ranked).extracting(Trend::hashtag).containsExactly("quiet", "busy");
    }

    @Test
    void aBusyTagThatDoublesStillRises() {
        var ranked = TrendRanking.rank(Map.of(
                "doubling", new Counts(2_000, 1_000, 2_000),
                "new", new Counts(10, 0, 10)), 5, 10);

        assertThat(ranked).extracting(Trend::hashtag).containsExactly("doubling", "new");
    }

    @Test
    void tagsBelowTheMinimumVolumeAreLeftOut() {
        var ranked = TrendRanking.rank(Map.of(
                "four", new Counts(4, 0, 4),
                "five", new Counts(5, 0, 5),
                "gone", new Counts(0, 50, 0)), 5, 10);

        assertThat(ranked).containsExactly(new Trend("five", 5));
    }

    @Test
    void tiesGoToVolumeThenName() {
        var ranked = TrendRanking.rank(Map.of(
                "b", new Counts(9, 9, 9),
                "a", new Counts(9, 9, 9),
                "c", new Counts(12, 12, 12)), 5, 10);

        assertThat(ranked).extracting(Trend::hashtag).containsExactly("c", "a", "b");
    }

    @Test
    void accountsRankAndQualifyWhileTweetsAreReported() {
        var ranked = TrendRanking.rank(Map.of(
                "spammed", new Counts(1, 0, 500),
                "chatty", new Counts(6, 0, 60),
                "broad", new Counts(9, 0, 9)), 5, 10);

        assertThat(ranked).containsExactly(new Trend("broad", 9), new Trend("chatty", 60));
    }

    @Test
    void atMostLimitTags() {
        var ranked = TrendRanking.rank(Map.of(
                "a", new Counts(10, 0, 10), "b", new Counts(20, 0, 20), "c", new Counts(30, 0, 30)), 5, 2);

        assertThat(ranked).extracting(Trend::hashtag).containsExactly("c", "b");
    }
}
