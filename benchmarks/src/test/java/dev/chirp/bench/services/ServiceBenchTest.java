package dev.chirp.bench.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chirp.bench.baseline.ElasticsearchBulkBaseline;
import dev.chirp.bench.load.CeilingSearch;
import dev.chirp.bench.load.CounterSampler;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.workload.Machine;
import org.junit.jupiter.api.Test;

class ServiceBenchTest {

    @Test
    void onlyTakesKnownServiceNames() {
        assertThat(ServiceBench.parseOnly("user, Tweet,search")).containsExactly("user", "tweet", "search");
        assertThatThrownBy(() -> ServiceBench.parseOnly("user,timeline")).hasMessageContaining("timeline");
    }

    private static CeilingSearch.Result ladder(double... heldThenFailed) {
        CeilingSearch.Settings settings = new CeilingSearch.Settings(100, 2, 4, 10, 0, 1_000);
        List<CeilingSearch.Step> steps = new ArrayList<>();
        for (double rate : heldThenFailed) {
            boolean holds = rate > 0;
            TypeStats stats = new TypeStats("t", 100, 100, Map.of(), Math.abs(rate), 1, 2, 3, 4, 5, 1, 1, 3);
            steps.add(new CeilingSearch.Step(Math.abs(rate), 10, stats, new CeilingSearch.Verdict(holds, "")));
        }
        return new CeilingSearch.Result("t", settings, steps, "");
    }

    @Test
    void theGatewayCeilingRatioIsABoundWhenALadderNeverFailed() {
        // Negative rate = the step that did not hold.
        assertThat(ServiceReadme.ceilingRatio(ladder(100, 200, -400), ladder(100, -200))).isEqualTo("**0.50×**");
        assertThat(ServiceReadme.ceilingRatio(ladder(100, 200, 400, 800), ladder(100, 200, -400)))
                .isEqualTo("**≤ 0.25×**");
        assertThat(ServiceReadme.ceilingRatio(ladder(100, -200), ladder(100, 200, 400, 800)))
                .isEqualTo("**≥ 8.00×**");
        assertThat(ServiceReadme.ceilingRatio(ladder(100, 200, 400, 800), ladder(100, 200, 400, 800))).isEqualTo("–");
        assertThat(ServiceReadme.ceilingRatio(ladder(-100), ladder(100, -200))).isEqualTo("–");
    }

    @Test
    void theBlockNamesTheRunAndShowsTheCeilingWithItsSteps() {
        CeilingSearch.Settings settings = new CeilingSearch.Settings(10, 2, 5, 10, 3, 1_000);
        TypeStats ok = new TypeStats("follow", 200, 200, Map.of(), 20, 12, 20, 40, 55, 60, 14, 11, 39);
        TypeStats slow = new TypeStats("follow", 400, 396, Map.of(0, 4L), 39.6, 300, 900, 1_400, 1_900, 2_000, 400,
                290, 1_300);
        CeilingSearch.Result result = new CeilingSearch.Result("follow", settings, List.of(
                new CeilingSearch.Step(20, 10, ok, new CeilingSearch.Verdict(true, "")),
                new CeilingSearch.Step(40, 10, slow, new CeilingSearch.Verdict(false, "p99 1400 ms ≥ 1000 ms"))),
                "40/s did not hold: p99 1400 ms ≥ 1000 ms");
        ServiceResult service = new ServiceResult("user-service", List.of("2,000 seeded accounts."), List.of(),
                List.of(new ServiceResult.Ceiling("`PUT follow`", result)), List.of("Follows are undone."));
        String md = ServiceReadme.render(new ServiceReadme.Run("./chirp bench --services --quick",
                Instant.parse("2026-11-21T21:30:00Z"), ServicePlan.quick(),
                new Machine(2, 23.5, "Test CPU", "OpenJDK 17", "Linux")), service);
        assertThat(md).contains("- **Run:** 2026-11-21 21:30 UTC, `./chirp bench --services --quick`, mode quick")
                .contains("2 CPUs (Test CPU), 23.5 GiB memory")
                .contains("- **Data:** 2,000 seeded accounts.")
                .contains("| `PUT follow` | **20** | 20.0 | 12.0 | 20.0 | 40.0 | 55.0 | 0 | 1,000 | 40/s did not hold")
                .contains("| 40 | 40.0 | 39.6 | 300 | 1,400 | 4 × no answer | **no**: p99 1400 ms ≥ 1000 ms |")
                .contains("- Follows are undone.");
    }

    @Test
    void theSteadyPhasePostsAtHalfTheBurstRateWithinBounds() {
        assertThat(SearchServiceBench.steadyRate(90)).isEqualTo(40);
        assertThat(SearchServiceBench.steadyRate(61)).isEqualTo(30.5);
        assertThat(SearchServiceBench.steadyRate(33.33)).isEqualTo(16.7);
        assertThat(SearchServiceBench.steadyRate(0.5)).isEqualTo(1);
    }

    private static final SearchServiceBench.Indexing BURST = new SearchServiceBench.Indexing("burst", 101_732,
            103_772, 103_772, 2_000, 22.3, 24.2, lag(40, 0, 1_622, 3_484), 40, 1_290);

    /** Lags of {@code count} probes, {@code lost} of them never found. */
    private static TypeStats lag(long count, long lost, double p50, double p99) {
        return new TypeStats("post → searchable", count, count - lost, lost == 0 ? Map.of() : Map.of(0, lost), 4,
                p50, p99 * 0.8, p99, p99, p99 + 10, p50, p50, p99);
    }

    private static final SearchServiceBench.Steady STEADY = new SearchServiceBench.Steady(40, 12,
            new TypeStats("post (steady)", 480, 480, Map.of(), 40, 12, 20, 45, 60, 70, 14, 11, 40),
            lag(48, 1, 900, 1_950), 48, 2, 3_100);

    @Test
    void theIndexingSectionShowsTheBurstTheRebuildAgainstItsBaselineAndTheSteadyLag() {
        long s = 1_000_000_000L;
        IndexRebuild.Result rebuild = new IndexRebuild.Result("bench-rebuild-abc-", 103_772, 103_772, 103_732,
                21.4, 78.6, new CounterSampler.Climb(new CounterSampler.Sample(30 * s, 12_000),
                new CounterSampler.Sample(70 * s, 94_000)), "reached the serving index's count", "", List.of());
        ElasticsearchBulkBaseline.Result bulk = new ElasticsearchBulkBaseline.Result("bench-bulk-abc", 103_772, 208,
                20.5, 0);

        String md = ServiceReadme.indexing(BURST, rebuild, bulk, STEADY);

        assertThat(md)
                .contains("| burst (the index was big enough) | 2,000 tweets posted directly at tweet-service, 32 in "
                        + "flight: **90 posts/s** (22.3 s) |")
                .contains("| indexing lag during the burst, at posting capacity")
                .contains("**p50 1,622 ms, p99 3,484 ms**, max 3,494 ms; 0 not found within 30 s (1,290 polling "
                        + "searches) |")
                .contains("**2,050 tweets/s** from 10 % to 90 % of the final count (12,000 → 94,000 in 40.0 s); "
                        + "103,772 tweets in 78.6 s from the process start, the first after 21.4 s (reached the "
                        + "serving index's count; the serving index had 103,772); 103,732 users indexed meanwhile. "
                        + "For comparison, the burst posted at 90 posts/s |")
                .contains("**5,062 docs/s** (20.5 s, 0 refused); the rebuild reached **40 %** of it |")
                .contains("| **indexing lag at a steady 40 posts/s** (open loop, 12 s: half the burst's 90 "
                        + "posts/s, at most 40/s) | 480 posts (p50 12.0 ms, p99 45.0 ms, errors 0), plus 48 probes, one "
                        + "every 250 ms: **p50 900 ms, p90 1,560 ms, p99 1,950 ms**, max 1,960 ms; 1 not found "
                        + "within 30 s; **2 of 47 found over the API's 2 s** (3,100 polling searches) |");
    }

    @Test
    void aRebuildThatDidNotRunSaysWhyAndTheRestIsStillShown() {
        IndexRebuild.Result failed = IndexRebuild.Result.failed("bench-rebuild-abc-", 103_772,
                "port 18084 is already taken", List.of());

        String md = ServiceReadme.indexing(BURST, failed, null, STEADY);

        assertThat(md).contains("replays `chirp.tweets` and `chirp.users` from the earliest offset) | not measured: "
                + "port 18084 is already taken |")
                .doesNotContain("Elasticsearch alone")
                .contains("**indexing lag at a steady 40 posts/s**");
    }
}
