package dev.chirp.bench.load;

import java.util.Map;

/**
 * The outcome of one request type in one run. Latencies in milliseconds, measured from each request's intended
 * start (coordinated-omission corrected); {@code serviceP50/P99} from the actual send, for comparison.
 *
 * @param errors count by status (0 = no answer: connection failure, timeout, or not sent because too many were in
 *               flight)
 */
public record TypeStats(String type, long count, long ok, Map<Integer, Long> errors, double throughput,
                        double p50, double p90, double p99, double p999, double max, double mean,
                        double serviceP50, double serviceP99) {

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public double errorRate() {
        return count == 0 ? 0 : (double) errorCount() / count;
    }
}
