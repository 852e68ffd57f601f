package dev.chirp.bench.cost;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.bench.baseline.Processes;

/**
 * CPU time used so far by each process of the running system, read from {@code /proc/PID/stat} (utime + stime, all
 * threads) for the PIDs the launcher keeps under {@code CHIRP_HOME/run}. CPU time is what a request costs whatever
 * else the machine is doing, which makes it far steadier than latency on a shared machine. The load generator (this
 * JVM) is measured too and kept apart, so the cost of measuring is visible and not billed to Chirp.
 */
final class ProcessCpu {

    static final String LOAD_GENERATOR = "load generator";
    /** In the order the report lists them: the services, then the servers. */
    static final List<String> PROCESSES = List.of("gateway-service", "user-service", "tweet-service",
            "timeline-service", "search-service", "media-service", "cassandra", "kafka", "redis", "elasticsearch",
            "s3proxy");

    private final Path runDir;
    private final long ticksPerSecond;

    private ProcessCpu(Path runDir, long ticksPerSecond) {
        this.runDir = runDir;
        this.ticksPerSecond = ticksPerSecond;
    }

    static ProcessCpu forRunningSystem() {
        String home = System.getenv().getOrDefault("CHIRP_HOME",
                Path.of(System.getenv().getOrDefault("CHIRP_REPO", ".")).resolve(".chirp").toString());
        Path runDir = Path.of(home).resolve("run");
        if (!Files.isDirectory(runDir)) {
            throw new IllegalStateException("no " + runDir + ": the cost benchmark reads the PIDs ./chirp up keeps there");
        }
        Processes.Output clock = Processes.run(List.of("getconf", "CLK_TCK"), null, java.time.Duration.ofSeconds(5));
        long ticks = 100;
        try {
            ticks = Long.parseLong(clock.text().trim());
        } catch (NumberFormatException e) {
            // Linux has used 100 ticks a second on every common architecture for decades
        }
        return new ProcessCpu(runDir, ticks);
    }

    /** CPU milliseconds so far, by process name; a process that is not running is absent. */
    Map<String, Double> sample() {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String name : PROCESSES) {
            double total = 0;
            boolean found = false;
            for (String pid : pids(name)) {
                Double cpu = cpuMillis(pid);
                if (cpu != null) {
                    total += cpu;
                    found = true;
                }
            }
            if (found) {
                millis.put(name, total);
            }
        }
        millis.put(LOAD_GENERATOR, ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6);
        return millis;
    }

    /** Elasticsearch's pid file holds the server JVM and its launcher: both are counted. */
    private List<String> pids(String name) {
        try {
            return Files.readAllLines(runDir.resolve(name + ".pid")).stream().map(String::trim)
                    .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Double cpuMillis(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // Fields after the command name, which is in parentheses and may itself contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * 1000.0 / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
