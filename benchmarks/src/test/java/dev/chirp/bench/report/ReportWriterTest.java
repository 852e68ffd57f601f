package dev.chirp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.bench.baseline.KafkaBaseline;
import dev.chirp.bench.baseline.RedisBaseline;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.workload.Bench;
import dev.chirp.bench.workload.BenchPlan;
import dev.chirp.bench.workload.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static TypeStats stats(String type, double throughput, double p50, double p99, Map<Integer, Long> errors) {
        return new TypeStats(type, 1_000, 1_000 - errors.values().stream().mapToLong(Long::longValue).sum(), errors,
                throughput, p50, p50 * 1.5, p99, p99 * 1.2, p99 * 2, p50 * 1.1, p50 * 0.9, p99 * 0.9);
    }

    private static OpenLoopRun.Result run(String name, double rate, TypeStats... types) {
        Map<String, TypeStats> map = new LinkedHashMap<>();
        for (TypeStats t : types) {
            map.put(t.type(), t);
        }
        return new OpenLoopRun.Result(name, rate, 30, map);
    }

    static BenchReport report() {
        List<OpenLoopRun.Result> runs = List.of(
                run(Bench.BARE, 30, stats("bare page", 30, 0.8, 2.0, Map.of())),
                run(Bench.MIX, 30, stats(Bench.HOME, 18, 12.0, 80.0, Map.of()),
                        stats(Bench.USER_TIMELINE, 9, 8.0, 40.0, Map.of()),
                        stats(Bench.POST, 3, 30.0, 150.0, Map.of(429, 2L, 0, 1L))),
                run(Bench.DIRECT, 30, stats(Bench.HOME, 30, 10.0, 50.0, Map.of())),
                run(Bench.VIA_GATEWAY, 30, stats(Bench.HOME, 30, 14.0, 70.0, Map.of())),
                run(Bench.FAN_OUT, 20, stats(Bench.POST, 20, 20.0, 90.0, Map.of())));
        BenchReport.Sweep sweep = new BenchReport.Sweep(List.of(
                new BenchReport.Sweep.Step(20, 20, 10, 60, 0, true),
                new BenchReport.Sweep.Step(40, 40, 15, 150, 0, true),
                new BenchReport.Sweep.Step(80, 70, 90, 900, 3, false)), 40);
        BenchReport.FanOut fanOut = new BenchReport.FanOut(2, 300, 80, 24_080, 24_080, 12_040, 2.0, List.of(
                new BenchReport.Steady(Bench.FAN_OUT_QUARTER, 0.25, 5, 100, 50, 250,
                        stats(dev.chirp.bench.workload.VisibilityProbe.TYPE, 0, 90, 300, Map.of())),
                new BenchReport.Steady(Bench.FAN_OUT, 0.5, 10, 200, 100, 500,
                        stats(dev.chirp.bench.workload.VisibilityProbe.TYPE, 0, 150, 400, Map.of()))), "settled");
        RedisBaseline.Result redis = new RedisBaseline.Result(List.of(
                new RedisBaseline.Throughput("ZADD", 1, 40_000, "0.3 msec"),
                new RedisBaseline.Throughput("ZADD", 16, 240_800, "1.1 msec")), 80_000, 800, "");
        KafkaBaseline.Result kafka = new KafkaBaseline.Result(100_000, 50_000, 47.7, 300, 900, "chirp-bench-perf-1", "");
        return new BenchReport("./chirp bench --quick", "2026-11-21T21:30:00Z", 270, BenchPlan.quick(),
                new Machine(2, 23.5, "Test CPU", "OpenJDK 17", "Linux"),
                new BenchReport.DataSet(2_000, 300, 16_277, 500, 4_321, 1, "existing world"), runs, sweep, fanOut,
                new BenchReport.Celebrity("seed_000001", 1_999, true, null, ""), redis, kafka, "img/bench-latency.png",
                List.of("search failed: boom"));
    }

    @Test
    void rendersOneRowPerSteadyFanOutPhase() {
        String md = ReportWriter.render(report());
        assertThat(md).contains("**12,040 deliveries/s**")
                .contains("| `fan-out posts at ¼` | 25 % | 5.0 | 100 |")
                .contains("| `fan-out posts` | 50 % | 10.0 | 200 |")
                .containsPattern("\\| `fan-out posts` \\|[^\\n]*\\| 100 \\| 500 \\|\\n");
    }

    @Test
    void rendersEveryRequestTypeWithPercentilesAndErrors() {
        String md = ReportWriter.render(report());
        assertThat(md).contains("Mode: **quick** (small data, short steps")
                .contains("Reproduce: `./chirp bench --quick`")
                .contains("2 CPUs (Test CPU), 23.5 GiB")
                .contains("| social mix (gateway) | home timeline | 30 | 18.0 | 1,000 | 0 | 12.0 | 18.0 | 80.0 | 96.0 | 160 |")
                .contains("| social mix (gateway) | post | 30 | 3.0 | 1,000 | 1 × no answer, 2 × 429 |")
                .contains("![p99 latency per second over the whole run](img/bench-latency.png)")
                .contains("- search failed: boom");
    }

    @Test
    void rendersTheRatiosSweepFanOutAndBaselines() {
        String md = ReportWriter.render(report());
        // mix home p50 12 vs bare 0.8 → 15×; gateway 14 vs direct 10 → 1.40×; 12,040 of 240,800 → 5 %.
        assertThat(md).contains("p50 12.0 vs 0.8 ms (**15.0×**)")
                .contains("p50 14.0 vs 10.0 ms (**1.40×**, +4.0 ms)")
                .contains("pipelined by 16 240,800/s: **5 %** of it (goal ≥ 50 %); vs ZADD without pipelining 40,000/s: 30 %")
                .contains("**Highest rate with home-timeline p99 under 200 ms: 40 requests/s**.")
                .contains("| 80 | 70.0 | 90.0 | 900 | 3 | **no** |")
                .contains("**12,040 deliveries/s**")
                .contains("\nSettled.\n")
                .contains("**100.0 bytes per entry**")
                .contains("**50,000 records/s**");
    }

    @Test
    void capacityDividesTheEstimateByTheMeasuredRates() {
        CapacityPlan plan = CapacityPlan.of(report());
        assertThat(plan.rows()).extracting(CapacityPlan.Row::load, CapacityPlan.Row::instances).contains(
                org.assertj.core.groups.Tuple.tuple("home-timeline reads, average", 435L),
                org.assertj.core.groups.Tuple.tuple("home-timeline reads, peak", 1_300L),
                org.assertj.core.groups.Tuple.tuple("fan-out deliveries, average", 58L),
                org.assertj.core.groups.Tuple.tuple("fan-out deliveries, as Redis ZADDs (Redis shards)", 3L));
        assertThat(plan.timelineBytesPerEntry()).isEqualTo(100.0);
        assertThat(plan.timelineTerabytes()).isEqualTo(48.0);
        assertThat(plan.rows()).extracting(CapacityPlan.Row::load).noneMatch(load -> load.startsWith("posts"));
    }

    @Test
    void keepsTheHandWrittenHeaderAndReplacesTheGeneratedPart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("benchmarks.md");
        Files.writeString(file, "# My header\n\nMethod.\n\n" + ReportWriter.MARKER + "\n\nold numbers\n");
        ReportWriter.write(report(), file);
        String text = Files.readString(file);
        assertThat(text).startsWith("# My header\n\nMethod.\n\n" + ReportWriter.MARKER);
        assertThat(text).doesNotContain("old numbers").contains("## Rate sweep");
        ReportWriter.write(report(), file);
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    @Test
    void aMissingFileGetsADefaultHeader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("docs/benchmarks.md");
        ReportWriter.write(report(), file);
        assertThat(Files.readString(file)).startsWith("# Benchmarks").contains(ReportWriter.MARKER);
    }
}
