package dev.chirp.bench.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chirp.bench.load.CeilingSearch;
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
}
