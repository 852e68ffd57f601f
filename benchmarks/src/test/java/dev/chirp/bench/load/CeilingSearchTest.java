package dev.chirp.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CeilingSearchTest {

    private static final CeilingSearch.Settings SETTINGS = new CeilingSearch.Settings(10, 2, 4, 10, 0, 1_000);

    /** A 10 s step: {@code count} requests issued, {@code ok} of them answered 2xx, the rest 503. */
    private static TypeStats stats(long count, long ok, double p99) {
        Map<Integer, Long> errors = count > ok ? Map.of(503, count - ok) : Map.of();
        return new TypeStats("t", count, ok, errors, ok / 10.0, p99 / 4, p99 / 2, p99, p99 * 1.2, p99 * 2, p99 / 3,
                p99 / 4, p99);
    }

    private static CeilingSearch.Step step(double offered, boolean holds) {
        return new CeilingSearch.Step(offered, 10, stats((long) offered * 10, (long) offered * 10, 50),
                new CeilingSearch.Verdict(holds, holds ? "" : "p99"));
    }

    @Test
    void aStepHoldsWhenEverythingIsAnsweredInTimeWhateverThePoissonCount() {
        // 100/s nominal, but the schedule issued 930 requests: compared with what was issued, not with 1,000.
        CeilingSearch.Verdict verdict = CeilingSearch.judge(stats(930, 930, 400), 10, 1_000);
        assertThat(verdict.holds()).isTrue();
        assertThat(verdict.reason()).isEmpty();
    }

    @Test
    void oneFailedRequestInAHundredFailsTheStep() {
        assertThat(CeilingSearch.judge(stats(1_000, 991, 50), 10, 1_000).holds()).isTrue();
        CeilingSearch.Verdict verdict = CeilingSearch.judge(stats(1_000, 990, 50), 10, 1_000);
        assertThat(verdict.holds()).isFalse();
        assertThat(verdict.reason()).isEqualTo("errors 1.0 % ≥ 1 %");
    }

    @Test
    void p99AtTheBoundFailsTheStep() {
        assertThat(CeilingSearch.judge(stats(1_000, 1_000, 999.9), 10, 1_000).holds()).isTrue();
        CeilingSearch.Verdict verdict = CeilingSearch.judge(stats(1_000, 1_000, 1_000), 10, 1_000);
        assertThat(verdict.holds()).isFalse();
        assertThat(verdict.reason()).isEqualTo("p99 1000 ms ≥ 1000 ms");
    }

    @Test
    void everyReasonIsGivenAndAchievedBelow95PercentOfIssuedFails() {
        // 1,000 issued, 900 answered: 90 % achieved, 10 % errors, and slow too.
        CeilingSearch.Verdict verdict = CeilingSearch.judge(stats(1_000, 900, 2_500), 10, 2_000);
        assertThat(verdict.holds()).isFalse();
        assertThat(verdict.reason()).isEqualTo("achieved 90.0/s < 95 % of the 100.0/s issued, errors 10.0 % ≥ 1 %, "
                + "p99 2500 ms ≥ 2000 ms");
    }

    @Test
    void aStepWithoutRequestsDoesNotHold() {
        assertThat(CeilingSearch.judge(null, 10, 1_000).holds()).isFalse();
        assertThat(CeilingSearch.judge(stats(0, 0, 0), 10, 1_000).reason()).isEqualTo("no requests were issued");
    }

    @Test
    void ratesClimbGeometricallyFromTheStart() {
        assertThat(SETTINGS.rates()).containsExactly(10.0, 20.0, 40.0, 80.0);
        assertThat(new CeilingSearch.Settings(2, 1.5, 4, 10, 0, 1_000).rates()).containsExactly(2.0, 3.0, 4.5, 6.8);
        assertThatThrownBy(() -> new CeilingSearch.Settings(10, 1, 4, 10, 0, 1_000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCeilingIsTheLastStepThatHeldBeforeTheFirstThatDidNot() {
        CeilingSearch.Result result = new CeilingSearch.Result("t", SETTINGS,
                List.of(step(10, true), step(20, true), step(40, false)), "40/s did not hold");
        assertThat(result.ceiling()).get().extracting(CeilingSearch.Step::offered).isEqualTo(20.0);
        assertThat(result.unbounded()).isFalse();
    }

    @Test
    void noHoldingStepMeansNoCeilingAndAllHoldingMeansTheCeilingIsHigher() {
        CeilingSearch.Result none = new CeilingSearch.Result("t", SETTINGS, List.of(step(10, false)), "");
        assertThat(none.ceiling()).isEmpty();
        CeilingSearch.Result all = new CeilingSearch.Result("t", SETTINGS,
                List.of(step(10, true), step(20, true), step(40, true), step(80, true)), "");
        assertThat(all.ceiling()).get().extracting(CeilingSearch.Step::offered).isEqualTo(80.0);
        assertThat(all.unbounded()).isTrue();
    }

    @Test
    void ratesPrintWithoutNeedlessDecimals() {
        assertThat(CeilingSearch.rate(20)).isEqualTo("20");
        assertThat(CeilingSearch.rate(6.8)).isEqualTo("6.8");
    }
}
