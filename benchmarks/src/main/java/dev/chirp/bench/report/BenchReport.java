package dev.chirp.bench.report;

import java.util.List;

import dev.chirp.bench.baseline.KafkaBaseline;
import dev.chirp.bench.baseline.RedisBaseline;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.workload.BenchPlan;
import dev.chirp.bench.workload.Machine;

/** Everything one bench measured, as the report shows it. Absent parts are null, with a reason in {@code notes}. */
public record BenchReport(String command, String startedAt, double totalSeconds, BenchPlan plan, Machine machine,
                          DataSet data, List<OpenLoopRun.Result> runs, Sweep sweep, FanOut fanOut,
                          Celebrity celebrity, RedisBaseline.Result redis, KafkaBaseline.Result kafka,
                          String chartFile, List<String> notes) {

    /**
     * @param worldUsers         seeded accounts in the system
     * @param benchUsers         those the workloads draw from
     * @param follows            follows of the seeded world (planned)
     * @param pageBytes          size of the home-timeline page (limit 10) the bare baseline serves
     * @param mediaRefsPerPost   largest number of media references a mix post carries
     */
    public record DataSet(int worldUsers, int benchUsers, long follows, long celebrityThreshold, int pageBytes,
                          int mediaRefsPerPost, String seeded) {
    }

    /** Home-timeline reads through the gateway at increasing rates; {@code slaRate}: highest with p99 < 200 ms. */
    public record Sweep(List<Step> steps, double slaRate) {

        public record Step(double rate, double throughput, double p50, double p99, long errors, boolean withinSla) {
        }
    }

    /**
     * @param posts          posts of the burst (posted at once, to measure capacity)
     * @param deliveries     timeline writes counted by {@code chirp_fanout_deliveries_total} during the burst
     * @param expected       burst posts × (followers + author)
     * @param steady         the steady phases, at rising shares of the burst's capacity
     */
    public record FanOut(int authors, int followersEach, long posts, long deliveries, long expected,
                         double deliveriesPerSecond, double drainSeconds, List<Steady> steady, String note) {
    }

    /**
     * One steady fan-out phase.
     *
     * @param run            the open-loop run's name (its post row in the tables)
     * @param share          the share of the burst's capacity its post rate asks for
     * @param rate           posts/s (that share of the capacity, capped by the plan)
     * @param lagP50/lagP99  from the {@code chirp_fanout_lag_seconds} histogram (event time → fan-out done) during the
     *                       phase, in ms, bucket upper bounds
     * @param visible        post → announced on followers' live streams
     */
    public record Steady(String run, double share, double rate, long posts, double lagP50, double lagP99,
                         TypeStats visible) {
    }

    /** The celebrity's follower count and how soon its posts were visible to a follower. */
    public record Celebrity(String handle, long followers, boolean overThreshold, TypeStats visible, String note) {
    }

    public OpenLoopRun.Result run(String name) {
        return runs.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** Convenience for the writer: type stats of a run, or null. */
    public TypeStats stats(String run, String type) {
        OpenLoopRun.Result result = run(run);
        return result == null ? null : result.types().get(type);
    }
}
