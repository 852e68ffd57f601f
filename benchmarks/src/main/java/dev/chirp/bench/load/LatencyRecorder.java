package dev.chirp.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Latencies of one run per request type, in microseconds, in HdrHistograms (3 significant digits, up to 10 min).
 * The response time is measured from the request's <em>intended</em> start, not from when it was actually sent:
 * when the generator or the system stalls, the requests that should have gone out meanwhile count their waiting
 * time too. Without this (coordinated omission) a stall of one second shows as one slow request instead of the
 * hundreds of users it delayed. The service time (from the actual send) is kept beside it.
 */
public final class LatencyRecorder {

    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Map<String, PerType> types = new LinkedHashMap<>();
    private final Histogram all = histogram();

    private static final class PerType {
        final Histogram response = histogram();
        final Histogram service = histogram();
        final Map<Integer, Long> errors = new TreeMap<>();
        long count;
        long ok;
    }

    static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    /**
     * @param status the HTTP status, or 0 when there was no answer
     * @return the corrected latency in microseconds
     */
    public synchronized long record(String type, long intendedNanos, long sentNanos, long doneNanos, int status) {
        PerType stats = types.computeIfAbsent(type, t -> new PerType());
        long response = clamp((doneNanos - intendedNanos) / 1_000);
        long service = clamp((doneNanos - sentNanos) / 1_000);
        stats.count++;
        stats.response.recordValue(response);
        stats.service.recordValue(service);
        all.recordValue(response);
        if (status >= 200 && status < 400) {
            stats.ok++;
        } else {
            stats.errors.merge(status, 1L, Long::sum);
        }
        return response;
    }

    /** A request that was due but never sent (too many in flight): an error of latency "until given up". */
    public synchronized void recordNotSent(String type) {
        PerType stats = types.computeIfAbsent(type, t -> new PerType());
        stats.count++;
        stats.errors.merge(0, 1L, Long::sum);
    }

    public synchronized double p99SoFarMillis() {
        return all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(99) / 1000.0;
    }

    public synchronized long errorsSoFar() {
        return types.values().stream().flatMap(t -> t.errors.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Per type, in first-seen order; throughput = answered-OK requests per second of {@code seconds}. */
    public synchronized Map<String, TypeStats> snapshot(double seconds) {
        Map<String, TypeStats> result = new LinkedHashMap<>();
        types.forEach((type, s) -> result.put(type, new TypeStats(type, s.count, s.ok, new TreeMap<>(s.errors),
                seconds > 0 ? s.ok / seconds : 0, ms(s.response, 50), ms(s.response, 90), ms(s.response, 99),
                ms(s.response, 99.9), s.response.getTotalCount() == 0 ? 0 : s.response.getMaxValue() / 1000.0,
                s.response.getTotalCount() == 0 ? 0 : s.response.getMean() / 1000.0,
                ms(s.service, 50), ms(s.service, 99))));
        return result;
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static long clamp(long micros) {
        return Math.max(1, Math.min(MAX_MICROS, micros));
    }
}
