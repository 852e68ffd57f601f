package dev.chirp.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    private static final long MS = 1_000_000L;

    @Test
    void measuresFromTheIntendedStartNotFromTheSend() {
        LatencyRecorder recorder = new LatencyRecorder();
        // Due at 0, sent 100 ms late (the generator or the system stalled), answered 10 ms after sending.
        long micros = recorder.record("home", 0, 100 * MS, 110 * MS, 200);
        assertThat(micros).isEqualTo(110_000);
        TypeStats stats = recorder.snapshot(1).get("home");
        assertThat(stats.p50()).isCloseTo(110, within(0.2));
        assertThat(stats.serviceP50()).isCloseTo(10, within(0.1));
    }

    @Test
    void aStallCountsForEveryRequestThatWasDueDuringIt() {
        LatencyRecorder recorder = new LatencyRecorder();
        // 100 requests due every 10 ms; the system freezes for the first second and then answers everything at once.
        for (int i = 0; i < 100; i++) {
            long intended = i * 10 * MS;
            recorder.record("home", intended, intended, 1_000 * MS, 200);
        }
        TypeStats stats = recorder.snapshot(1).get("home");
        // Corrected: the waits spread from 10 ms to 1 s, so the median is about half a second, not a few ms.
        assertThat(stats.p50()).isBetween(480.0, 520.0);
        assertThat(stats.max()).isCloseTo(1_000, within(1.0));
    }

    @Test
    void countsErrorsByStatusAndThroughputOnlyForSuccesses() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record("post", 0, 0, MS, 201);
        recorder.record("post", 0, 0, MS, 201);
        recorder.record("post", 0, 0, MS, 429);
        recorder.record("post", 0, 0, MS, 0);
        recorder.recordNotSent("post");
        TypeStats stats = recorder.snapshot(2).get("post");
        assertThat(stats.count()).isEqualTo(5);
        assertThat(stats.ok()).isEqualTo(2);
        assertThat(stats.errors()).isEqualTo(Map.of(429, 1L, 0, 2L));
        assertThat(stats.errorCount()).isEqualTo(3);
        assertThat(stats.throughput()).isEqualTo(1.0);
        assertThat(recorder.errorsSoFar()).isEqualTo(3);
    }

    @Test
    void keepsTypesApartInFirstSeenOrder() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record("user timeline", 0, 0, 5 * MS, 200);
        recorder.record("home", 0, 0, 50 * MS, 200);
        assertThat(recorder.snapshot(1).keySet()).containsExactly("user timeline", "home");
        assertThat(recorder.snapshot(1).get("home").p99()).isCloseTo(50, within(0.1));
        assertThat(recorder.snapshot(1).get("user timeline").p99()).isCloseTo(5, within(0.01));
    }

    @Test
    void clampsAbsurdValuesInsteadOfFailing() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record("x", 0, 0, 3_600_000 * MS, 200);
        recorder.record("x", 10, 10, 5, 200);
        assertThat(recorder.snapshot(1).get("x").max()).isCloseTo(600_000, within(1_000.0));
    }
}
