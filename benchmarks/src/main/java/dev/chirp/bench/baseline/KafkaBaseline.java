package dev.chirp.bench.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chirp.bench.Endpoints;

/**
 * Kafka on this machine, measured with Kafka's own producer performance tool
 * ({@code org.apache.kafka.tools.ProducerPerformance}, run from the broker's cached classpath plus kafka-tools, which
 * {@code ./chirp bench} passes in {@code CHIRP_KAFKA_TOOLS_CLASSPATH}) against a throwaway topic that is deleted
 * afterwards. Records of 1 KB (about one TweetCreated event), acks=all as the services produce.
 */
public final class KafkaBaseline {

    /** The tool's summary line, parsed; {@code problem} says why there is none. */
    public record Result(long records, double recordsPerSecond, double mbPerSecond, double avgLatencyMs,
                         double p99LatencyMs, String topic, String problem) {
    }

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec "
            + "\\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency(?:, (\\d+) ms 50th, "
            + "(\\d+) ms 95th, (\\d+) ms 99th)?");

    private KafkaBaseline() {
    }

    public static Result measure(long records) {
        String classpath = System.getenv("CHIRP_KAFKA_TOOLS_CLASSPATH");
        String java = System.getenv().getOrDefault("CHIRP_JAVA", "java");
        String topic = "chirp-bench-perf-" + System.currentTimeMillis();
        if (classpath == null || classpath.isBlank()) {
            return new Result(0, 0, 0, 0, 0, topic, "no Kafka classpath (run through ./chirp bench)");
        }
        try {
            Processes.Output created = tool(java, classpath, List.of("org.apache.kafka.tools.TopicCommand",
                    "--bootstrap-server", Endpoints.KAFKA, "--create", "--topic", topic, "--partitions", "3",
                    "--replication-factor", "1"), Duration.ofSeconds(60));
            if (created.exitCode() != 0) {
                return new Result(0, 0, 0, 0, 0, topic, "topic creation failed: " + last(created.text()));
            }
            Processes.Output output = tool(java, classpath, List.of("org.apache.kafka.tools.ProducerPerformance",
                    "--topic", topic, "--num-records", Long.toString(records), "--record-size", "1000",
                    "--throughput", "-1", "--producer-props", "bootstrap.servers=" + Endpoints.KAFKA, "acks=all"),
                    Duration.ofSeconds(120));
            Result parsed = parse(output.text(), topic);
            return parsed != null ? parsed
                    : new Result(0, 0, 0, 0, 0, topic, "no summary line: " + last(output.text()));
        } finally {
            tool(java, classpath, List.of("org.apache.kafka.tools.TopicCommand", "--bootstrap-server",
                    Endpoints.KAFKA, "--delete", "--topic", topic), Duration.ofSeconds(60));
        }
    }

    /** The last summary line of the tool's output (it also prints interim lines), or null. */
    static Result parse(String output, String topic) {
        Matcher m = SUMMARY.matcher(output);
        Result last = null;
        while (m.find()) {
            last = new Result(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                    m.group(8) == null ? 0 : Double.parseDouble(m.group(8)), topic, "");
        }
        return last;
    }

    private static Processes.Output tool(String java, String classpath, List<String> args, Duration limit) {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath));
        command.addAll(args);
        return Processes.run(command, null, limit);
    }

    private static String last(String text) {
        String stripped = text.strip();
        return stripped.length() > 300 ? stripped.substring(stripped.length() - 300) : stripped;
    }
}
