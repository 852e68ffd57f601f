package dev.chirp.bench.report;

import java.util.ArrayList;
import java.util.List;


/**
 * docs/02-capacity-estimation.md's read and fan-out load (300 M DAU) divided by what one instance did in this run. An "instance" here is
 * the whole system on this machine (all six services and five servers on 2 shared cores), so the counts are an upper
 * bound on the nodes needed; a dedicated node per service does several times more.
 */
public record CapacityPlan(List<Row> rows, double timelineBytesPerEntry, double timelineTerabytes) {

    /** @param instances 0 when nothing was measured to divide by */
    public record Row(String load, double target, double perInstance, String basis, long instances) {
    }

    public static final double HOME_AVG = 17_400;
    public static final double HOME_PEAK = 52_000;
    public static final double POSTS_AVG = 3_500;
    public static final double POSTS_PEAK = 10_400;
    public static final double DELIVERIES_AVG = 694_000;
    /**
     * A home timeline stays cached while its owner is active (read one within timeline-service's active window, 30
     * days), so the cache holds docs/02's 600 M monthly actives, not only the 300 M daily ones: × 800 entries.
     */
    public static final double TIMELINE_ENTRIES = 600e6 * 800;

    public static CapacityPlan of(BenchReport report) {
        List<Row> rows = new ArrayList<>();
        double home = report.sweep() == null ? 0 : report.sweep().slaRate();
        String homeBasis = "highest swept rate with home-timeline p99 < 200 ms (through the gateway)";
        rows.add(row("home-timeline reads, average", HOME_AVG, home, homeBasis));
        rows.add(row("home-timeline reads, peak", HOME_PEAK, home, homeBasis));
        // Posts are not divided here: the steps that post (the mix, fan-out to 9,999 followers) run at rates set for
        // other purposes, so their rate says nothing about what posting costs. `./chirp bench --cost` prices a post
        // by an author with docs/02's 200 followers, process by process, and sizes each tier from that.
        double deliveries = report.fanOut() == null ? 0 : report.fanOut().deliveriesPerSecond();
        rows.add(row("fan-out deliveries, average", DELIVERIES_AVG, deliveries,
                "deliveries/s counted by chirp_fanout_deliveries_total during the fan-out burst"));
        if (report.redis() != null) {
            rows.add(row("fan-out deliveries, as Redis ZADDs (Redis shards)", DELIVERIES_AVG,
                    report.redis().rate("ZADD", 16), "redis-benchmark ZADD pipelined by 16 on this machine"));
        }
        double perEntry = report.redis() == null ? 0 : report.redis().bytesPerEntry();
        return new CapacityPlan(rows, perEntry, perEntry * TIMELINE_ENTRIES / 1e12);
    }

    private static Row row(String load, double target, double perInstance, String basis) {
        return new Row(load, target, perInstance, basis,
                perInstance > 0 ? (long) Math.ceil(target / perInstance) : 0);
    }
}
