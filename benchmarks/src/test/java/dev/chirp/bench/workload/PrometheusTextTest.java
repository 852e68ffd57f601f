package dev.chirp.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String BEFORE = """
            # HELP chirp_fanout_deliveries_total Tweet IDs newly written into home timelines
            # TYPE chirp_fanout_deliveries_total counter
            chirp_fanout_deliveries_total{application="timeline-service"} 1000.0
            # TYPE chirp_fanout_lag_seconds histogram
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="0.01"} 10
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="0.1"} 20
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="1.0"} 20
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="+Inf"} 20
            chirp_fanout_lag_seconds_count{application="timeline-service"} 20
            jvm_threads_live_threads{application="timeline-service"} 42.0
            """;
    private static final String AFTER = """
            chirp_fanout_deliveries_total{application="timeline-service"} 4010.0
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="0.01"} 10
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="0.1"} 70
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="1.0"} 119
            chirp_fanout_lag_seconds_bucket{application="timeline-service",le="+Inf"} 120
            """;

    @Test
    void readsCountersAndSkipsCommentsAndOtherMetrics() {
        PrometheusText before = PrometheusText.parse(BEFORE);
        assertThat(before.sum("chirp_fanout_deliveries_total")).isEqualTo(1000.0);
        assertThat(before.sum("jvm_threads_live_threads")).isEqualTo(42.0);
        assertThat(before.sum("absent_total")).isZero();
        assertThat(PrometheusText.parse(AFTER).sum("chirp_fanout_deliveries_total")
                - before.sum("chirp_fanout_deliveries_total")).isEqualTo(3010.0);
    }

    @Test
    void percentilesOfTheObservationsBetweenTwoScrapes() {
        var before = PrometheusText.parse(BEFORE).buckets("chirp_fanout_lag_seconds");
        var after = PrometheusText.parse(AFTER).buckets("chirp_fanout_lag_seconds");
        assertThat(before).containsEntry(0.1, 20.0).containsEntry(Double.POSITIVE_INFINITY, 20.0);
        // 100 new observations: 50 in (0.01, 0.1], 49 in (0.1, 1], 1 above 1 s.
        assertThat(PrometheusText.percentileBetween(before, after, 50)).isEqualTo(0.1);
        assertThat(PrometheusText.percentileBetween(before, after, 99)).isEqualTo(1.0);
        assertThat(PrometheusText.percentileBetween(before, after, 100)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PrometheusText.percentileBetween(after, after, 50)).isNaN();
    }

    @Test
    void sumsOverLabelSets() {
        PrometheusText text = PrometheusText.parse("""
                x_total{instance="a"} 1
                x_total{instance="b"} 2.5
                x_total 3
                garbage line without value
                """);
        assertThat(text.sum("x_total")).isEqualTo(6.5);
    }
}
