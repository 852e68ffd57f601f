package dev.chirp.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chirp.bench.RedisClients;
import dev.chirp.bench.http.ChirpHttp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;

/**
 * Which process each fault kills, found at the moment of the fault (leaders move as earlier faults come and go), and
 * the kill and the restart themselves, through {@code ./chirp kill NAME} and {@code ./chirp start NAME}: the launcher
 * owns the processes and their PIDs.
 */
final class FaultTargets {

    static final List<String> SERVICES = List.of("gateway-service", "user-service", "tweet-service",
            "timeline-service", "search-service", "media-service");

    private static final Pattern LEADER = Pattern.compile("Partition:\\s*(\\d+)\\s+Leader:\\s*(\\d+)");

    private final Path repo;
    private final Path home;
    private final ChirpHttp http;

    FaultTargets(Path repo, Path home, ChirpHttp http) {
        this.repo = repo;
        this.home = home;
        this.http = http;
    }

    /** A second instance runs (the cluster topology), so killing the first must not be an outage. */
    boolean hasSecondInstance(String service) {
        return Files.exists(home.resolve("run/" + service + "-2.pid"));
    }

    boolean clusterTopology() {
        try {
            return Files.readString(home.resolve("run/topology")).strip().equals("cluster");
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker leading the partition of chirp.tweets with the most records. */
    String busiestKafkaLeader() {
        String classpath = System.getenv().getOrDefault("CHIRP_KAFKA_TOOLS_CLASSPATH", "");
        String java = System.getenv().getOrDefault("CHIRP_JAVA", "java");
        if (classpath.isEmpty()) {
            return "kafka-1";
        }
        Map<Integer, Long> ends = new HashMap<>();
        for (String line : run(List.of(java, "-cp", classpath, "org.apache.kafka.tools.GetOffsetShell",
                "--bootstrap-server", "127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096", "--topic", "chirp.tweets"))) {
            String[] parts = line.strip().split(":");
            if (parts.length == 3 && parts[1].matches("\\d+") && parts[2].matches("\\d+")) {
                ends.put(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
            }
        }
        int busiest = ends.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        for (String line : run(List.of(java, "-cp", classpath, "org.apache.kafka.tools.TopicCommand",
                "--bootstrap-server", "127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096", "--describe",
                "--topic", "chirp.tweets"))) {
            Matcher m = LEADER.matcher(line);
            if (m.find() && Integer.parseInt(m.group(1)) == busiest) {
                return "kafka-" + m.group(2);
            }
        }
        return "kafka-1";
    }

    /** The node holding the primary shard of the tweets index. */
    String tweetIndexPrimary() {
        for (int port = 9200; port <= 9202; port++) {
            try {
                ChirpHttp.Reply reply = http.get("http://127.0.0.1:" + port
                        + "/_cat/shards/chirp-tweets?format=json&h=prirep,node,state", null);
                if (reply.ok()) {
                    for (JsonNode shard : reply.body()) {
                        if (shard.path("prirep").asString("").equals("p")) {
                            String node = shard.path("node").asString("");
                            return "elasticsearch-" + node.substring(node.lastIndexOf('-') + 1);
                        }
                    }
                }
            } catch (RuntimeException e) {
                // try the next node
            }
        }
        return "elasticsearch-1";
    }

    /** A Redis primary that serves slots now (after a failover, a former replica). */
    String redisPrimary() {
        for (int port = 6380; port <= 6385; port++) {
            String nodes = redisClusterNodes(port);
            if (nodes == null) {
                continue;
            }
            List<Integer> primaries = new ArrayList<>();
            for (String line : nodes.split("\n")) {
                String[] f = line.split(" ");
                if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail")) {
                    primaries.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@'))));
                }
            }
            primaries.sort(Comparator.naturalOrder());
            if (!primaries.isEmpty()) {
                return "redis-" + (primaries.get(primaries.size() / 2) - 6379);
            }
        }
        return "redis-2";
    }

    void kill(String process) {
        List<String> out = run(List.of(repo.resolve("chirp").toString(), "kill", process));
        out.forEach(line -> System.err.println("  " + line));
    }

    /** Starts the process again and waits until it is ready; false when ./chirp start gave up. */
    boolean start(String process) {
        List<String> out = run(List.of(repo.resolve("chirp").toString(), "start", process));
        out.stream().filter(line -> line.startsWith("chirp:") && !line.contains("waiting for"))
                .forEach(line -> System.err.println("  " + line));
        return out.stream().noneMatch(line -> line.startsWith("chirp: error:"));
    }

    /** CLUSTER NODES of the node on {@code port}, through the benchmarks' Lettuce client; null when it is down. */
    private static String redisClusterNodes(int port) {
        RedisClient client = RedisClients.create(Duration.ofSeconds(2));
        try (StatefulRedisConnection<String, String> connection =
                     client.connect(RedisURI.create("127.0.0.1", port))) {
            return connection.sync().clusterNodes();
        } catch (RuntimeException e) {
            return null;
        } finally {
            client.shutdown();
        }
    }

    private static List<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
