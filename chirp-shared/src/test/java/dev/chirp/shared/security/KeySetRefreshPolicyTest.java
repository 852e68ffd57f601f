package dev.chirp.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The stale-if-error policy on a hand-driven clock. */
class KeySetRefreshPolicyTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Duration STALE_IF_ERROR = Duration.ofHours(24);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(7_000_000_000L);
    private final KeySetRefreshPolicy<String> policy =
            new KeySetRefreshPolicy<>(MAX_AGE, STALE_IF_ERROR, MAX_RETRY, now::get);

    @Test
    void keysAreFreshForTheMaxAgeThenDueARefresh() {
        assertThat(policy.fresh()).isNull();
        assertThat(policy.mayFetch()).isTrue();
        fetch("k1");
        advance(MAX_AGE);
        assertThat(policy.fresh()).isEqualTo("k1");
        advance(Duration.ofMillis(1));
        assertThat(policy.fresh()).isNull();
        assertThat(policy.usable()).isEqualTo("k1");
    }

    @Test
    void whileRefreshesFailTheLastGoodKeysServeUpToTheBoundThenStop() {
        fetch("k1");
        advance(MAX_AGE.plusSeconds(1));
        fail();
        assertThat(policy.usable()).isEqualTo("k1");
        advance(STALE_IF_ERROR.minusSeconds(2));
        assertThat(policy.usable()).as("just inside max age + stale-if-error").isEqualTo("k1");
        advance(Duration.ofSeconds(2));
        assertThat(policy.usable()).isNull();
        assertThat(policy.staleSeconds()).isEqualTo(STALE_IF_ERROR.toSeconds(), within());

        fetch("k2");
        assertThat(policy.fresh()).isEqualTo("k2");
        assertThat(policy.staleSeconds()).isZero();
    }

    @Test
    void failedFetchesBackOffDoublingFromOneSecondUpToTheMaximum() {
        fetch("k1");
        advance(MAX_AGE.plusSeconds(1));
        long[] expectedWaits = {1, 2, 4, 8, 16, 30, 30};
        for (long wait : expectedWaits) {
            fail();
            advance(Duration.ofSeconds(wait).minusMillis(1));
            assertThat(policy.mayFetch()).as("still backing off after a %d s wait", wait).isFalse();
            advance(Duration.ofMillis(1));
            assertThat(policy.mayFetch()).isTrue();
        }
        assertThat(policy.failedRefreshes()).isEqualTo(expectedWaits.length);
        fetch("k2");
        fail();
        advance(Duration.ofSeconds(1));
        assertThat(policy.mayFetch()).as("a success resets the back-off").isTrue();
    }

    @Test
    void unknownKeyIdsRefetchAtMostOncePerIntervalAndNeverDuringBackOff() {
        fetch("k1");
        assertThat(policy.mayRefetch(Duration.ofSeconds(30))).isFalse();
        advance(Duration.ofSeconds(30));
        assertThat(policy.mayRefetch(Duration.ofSeconds(30))).isTrue();
        policy.started();
        policy.failed();
        advance(Duration.ofSeconds(30));
        assertThat(policy.mayRefetch(Duration.ofSeconds(10))).isTrue();
        policy.started();
        policy.failed();
        advance(Duration.ofMillis(1500));
        assertThat(policy.mayRefetch(Duration.ZERO)).as("second failure: 2 s back-off").isFalse();
    }

    @Test
    void metricsReportStalenessAndFailures() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        policy.bindTo(registry);
        fetch("k1");
        advance(MAX_AGE.plusSeconds(1));
        fail();
        advance(Duration.ofSeconds(90));
        assertThat(registry.get("chirp.jwks.stale.seconds").gauge().value()).isEqualTo(90, within());
        assertThat(registry.get("chirp.jwks.refresh.failures").functionCounter().count()).isEqualTo(1);
    }

    private void fetch(String keys) {
        policy.started();
        policy.succeeded(keys);
    }

    private void fail() {
        policy.started();
        policy.failed();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.001);
    }
}
