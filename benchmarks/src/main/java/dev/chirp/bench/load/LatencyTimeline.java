package dev.chirp.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * Corrected latencies of the whole bench by second since its start and by series (run + request type), for the
 * latency-over-time chart; also the runs' time spans, to label the chart.
 */
public final class LatencyTimeline {

    /** One point of a series: p50 and p99 of the requests due in that second. */
    public record Point(long second, double p50, double p99, long count) {
    }

    /** A run's span on the timeline. */
    public record Span(String name, double fromSecond, double toSecond) {
    }

    private final long startNanos;
    private final Map<String, TreeMap<Long, Histogram>> series = new TreeMap<>();
    private final List<Span> spans = new ArrayList<>();

    public LatencyTimeline(long startNanos) {
        this.startNanos = startNanos;
    }

    public synchronized void record(String name, long intendedNanos, long latencyMicros) {
        long second = Math.max(0, (intendedNanos - startNanos) / 1_000_000_000L);
        series.computeIfAbsent(name, n -> new TreeMap<>())
                .computeIfAbsent(second, s -> LatencyRecorder.histogram())
                .recordValue(Math.max(1, Math.min(LatencyRecorder.MAX_MICROS, latencyMicros)));
    }

    public synchronized void span(String name, long fromNanos, long toNanos) {
        spans.add(new Span(name, (fromNanos - startNanos) / 1e9, (toNanos - startNanos) / 1e9));
    }

    public synchronized Map<String, List<Point>> points() {
        Map<String, List<Point>> result = new TreeMap<>();
        series.forEach((name, seconds) -> {
            List<Point> points = new ArrayList<>();
            seconds.forEach((second, h) -> points.add(new Point(second, h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getTotalCount())));
            result.put(name, points);
        });
        return result;
    }

    public synchronized List<Span> spans() {
        return List.copyOf(spans);
    }
}
