package dev.chirp.bench.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chirp.bench.Endpoints;

/**
 * Redis on this machine, measured with {@code redis-benchmark} (Debian's redis-tools) on keys of our own
 * ({@code chirp-bench:*}, deleted afterwards; the shared server is never flushed): ZADD and ZREVRANGE of a
 * 10-entry page, one command per round trip and pipelined by 16 (how fan-out writes). Also the memory a home
 * timeline of 800 entries takes, built exactly as timeline-service builds it (member = decimal ID, score = ID).
 * Each test runs {@link #RUNS} times and reports the median run: on this shared machine one run of the same test
 * has given anything from 97,847 to 391,389 pipelined ZADDs per second.
 */
public final class RedisBaseline {

    /**
     * One redis-benchmark test: the median run's rate and p50, and the slowest and fastest run's rates.
     */
    public record Throughput(String test, int pipeline, double requestsPerSecond, String p50, double slowest,
                             double fastest) {

        public Throughput(String test, int pipeline, double requestsPerSecond, String p50) {
            this(test, pipeline, requestsPerSecond, p50, requestsPerSecond, requestsPerSecond);
        }

        /** The median of the runs (the upper one of an even count), with the spread of all of them. */
        static Throughput medianOf(List<Throughput> runs) {
            List<Throughput> sorted = runs.stream()
                    .sorted(java.util.Comparator.comparingDouble(Throughput::requestsPerSecond)).toList();
            Throughput median = sorted.get(sorted.size() / 2);
            return new Throughput(median.test(), median.pipeline(), median.requestsPerSecond(), median.p50(),
                    sorted.get(0).requestsPerSecond(), sorted.get(sorted.size() - 1).requestsPerSecond());
        }
    }

    static final int RUNS = 3;

    /** The results, or why there are none. */
    public record Result(List<Throughput> throughputs, long timelineBytes, int timelineEntries, String problem) {

        public double bytesPerEntry() {
            return timelineEntries == 0 ? 0 : (double) timelineBytes / timelineEntries;
        }

        public double rate(String test, int pipeline) {
            return throughputs.stream().filter(t -> t.test().equals(test) && t.pipeline() == pipeline)
                    .mapToDouble(Throughput::requestsPerSecond).findFirst().orElse(0);
        }
    }

    private static final Pattern LINE = Pattern.compile("^(\\S+).*?:\\s+([0-9.]+) requests per second"
            + "(?:, p50=([0-9.]+ msec))?", Pattern.MULTILINE);
    private static final String ZSET = "chirp-bench:zset";
    private static final String TIMELINE = "chirp-bench:home";

    private RedisBaseline() {
    }

    public static Result measure(int requests) {
        List<Throughput> results = new ArrayList<>();
        StringBuilder problems = new StringBuilder();
        try {
            // A page read needs entries to read: fill the set first.
            for (int pipeline : new int[] {1, 16}) {
                bench(requests, pipeline, "ZADD", List.of("ZADD", ZSET, "__rand_int__", "__rand_int__"), results,
                        problems);
                bench(requests, pipeline, "ZREVRANGE", List.of("ZREVRANGE", ZSET, "0", "9"), results, problems);
            }
            long bytes = timelineMemory(800);
            return new Result(results, bytes, bytes > 0 ? 800 : 0, problems.toString());
        } finally {
            cli(List.of("DEL", ZSET, TIMELINE));
        }
    }

    /** Parses {@code redis-benchmark -q} output. */
    static List<Throughput> parse(String output, int pipeline) {
        List<Throughput> parsed = new ArrayList<>();
        Matcher m = LINE.matcher(output.replace('\r', '\n'));
        while (m.find()) {
            parsed.add(new Throughput(m.group(1), pipeline, Double.parseDouble(m.group(2)),
                    m.group(3) == null ? "" : m.group(3)));
        }
        return parsed;
    }

    private static void bench(int requests, int pipeline, String name, List<String> command,
                              List<Throughput> results, StringBuilder problems) {
        List<String> args = new ArrayList<>(List.of("redis-benchmark", "-h", Endpoints.REDIS_HOST, "-p",
                Integer.toString(Endpoints.REDIS_PORT), "-q", "-c", "16", "-n", Integer.toString(requests),
                "-r", "1000000", "-P", Integer.toString(pipeline)));
        args.addAll(command);
        List<Throughput> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Processes.Output output = Processes.run(args, null, Duration.ofSeconds(60));
            List<Throughput> parsed = parse(output.text(), pipeline);
            if (parsed.isEmpty()) {
                problems.append(name).append(" -P ").append(pipeline).append(": ").append(output.text().strip())
                        .append("; ");
                return;
            }
            parsed.forEach(t -> runs.add(new Throughput(name, pipeline, t.requestsPerSecond(), t.p50())));
        }
        results.add(Throughput.medianOf(runs));
    }

    /** {@code MEMORY USAGE} of a home timeline of {@code entries} IDs, divided by its entries (0 if Redis did not say). */
    public static double timelineBytesPerEntry(int entries) {
        long bytes = timelineMemory(entries);
        cli(List.of("DEL", TIMELINE));
        return (double) bytes / entries;
    }

    private static long timelineMemory(int entries) {
        StringBuilder commands = new StringBuilder("DEL " + TIMELINE + "\n");
        // Time-ordered 64-bit IDs as Chirp makes them: milliseconds since 2024 << 22 | worker << 12 | sequence.
        long millis = System.currentTimeMillis() - 1_704_067_200_000L;
        for (int i = 0; i < entries; i++) {
            long id = ((millis - i * 3_000L) << 22) | (7L << 12) | (i % 4096);
            commands.append("ZADD ").append(TIMELINE).append(' ').append(id).append(' ').append(id).append('\n');
        }
        commands.append("MEMORY USAGE ").append(TIMELINE).append(" SAMPLES 0\n");
        Processes.Output output = Processes.run(List.of("redis-cli", "-h", Endpoints.REDIS_HOST, "-p",
                Integer.toString(Endpoints.REDIS_PORT)), commands.toString(), Duration.ofSeconds(30));
        String[] lines = output.text().strip().split("\n");
        try {
            return Long.parseLong(lines[lines.length - 1].replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void cli(List<String> command) {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", Endpoints.REDIS_HOST, "-p",
                Integer.toString(Endpoints.REDIS_PORT)));
        args.addAll(command);
        Processes.run(args, null, Duration.ofSeconds(10));
    }
}
