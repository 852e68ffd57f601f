package dev.chirp.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyTimelineTest {

    @Test
    void groupsLatenciesBySecondOfIntendedStartPerSeries() {
        long start = 1_000_000_000L;
        LatencyTimeline timeline = new LatencyTimeline(start);
        timeline.record("mix · home", start + 100_000_000L, 10_000);
        timeline.record("mix · home", start + 900_000_000L, 30_000);
        timeline.record("mix · home", start + 2_500_000_000L, 5_000);
        timeline.record("mix · post", start, 80_000);
        timeline.span("mix", start, start + 3_000_000_000L);

        var points = timeline.points();
        assertThat(points).containsOnlyKeys("mix · home", "mix · post");
        var home = points.get("mix · home");
        assertThat(home).extracting(LatencyTimeline.Point::second).containsExactly(0L, 2L);
        assertThat(home.get(0).count()).isEqualTo(2);
        assertThat(home.get(0).p99()).isCloseTo(30, within(0.1));
        assertThat(timeline.spans()).singleElement().satisfies(span -> {
            assertThat(span.fromSecond()).isZero();
            assertThat(span.toSecond()).isEqualTo(3.0);
        });
    }
}
