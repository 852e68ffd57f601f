package dev.chirp.bench.cost;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.chirp.bench.baseline.Processes;

/**
 * CPU time used so far by each process of the running system, read from {@code /proc/PID/stat} (utime + stime, all
 * threads) for the PIDs the launcher keeps under {@code CHIRP_HOME/run}. CPU time is what a request costs whatever
 * else the machine is doing, which makes it far steadier than latency on a shared machine. The load generator (this
 * JVM) is measured too and kept apart, so the cost of measuring is visible and not billed to Chirp.
 *
 * <p>The JIT compilers' threads ({@code C1 CompilerThread}, {@code C2 CompilerThread}, read from
 * {@code /proc/PID/task}) are kept apart as well, summed over every JVM: compiling is what a JVM does until its hot
 * paths are compiled, not what a request costs, and its share varied from run to run (per-thread counts of a run
 * after a restart of the services: 26 to 50 % of each service's CPU; in timeline- and user-service more than the
 * threads that served the requests).
 */
final class ProcessCpu {

    static final String LOAD_GENERATOR = "load generator";
    static final String JIT = "JIT compilers, every JVM";
    /** In the order the report lists them: the services, then the servers. */
    static final List<String> PROCESSES = List.of("gateway-service", "user-service", "tweet-service",
            "timeline-service", "search-service", "media-service", "cassandra", "kafka", "redis", "elasticsearch",
            "s3proxy");

    /** The whole system's part of {@code byProcess}: Chirp's processes only, not the load generator nor the JIT. */
    static double systemTotal(Map<String, Double> byProcess) {
        return byProcess.entrySet().stream().filter(e -> PROCESSES.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private final Path runDir;
    private final long ticksPerSecond;

    ProcessCpu(Path runDir, long ticksPerSecond) {
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
        double compiling = 0;
        for (String name : PROCESSES) {
            double total = 0;
            boolean found = false;
            for (String pid : pids(name)) {
                Double cpu = cpuMillis(Path.of("/proc", pid, "stat"));
                if (cpu != null) {
                    double jit = compilerMillis(pid);
                    total += cpu - jit;
                    compiling += jit;
                    found = true;
                }
            }
            if (found) {
                millis.put(name, total);
            }
        }
        millis.put(JIT, compiling);
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

    /**
     * CPU of the compiler threads alive now. A compiler thread that exits between two samples (HotSpot adds and
     * removes them with the load) takes its time out of this sum but not out of its process's: that time is then
     * billed to requests, never hidden.
     */
    private double compilerMillis(String pid) {
        double millis = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name = threadName(task);
                if (name != null && name.startsWith("C") && name.contains("CompilerThre")) {
                    Double cpu = cpuMillis(task.resolve("stat"));
                    millis += cpu == null ? 0 : cpu;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return millis;
    }

    private static String threadName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private Double cpuMillis(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // Fields after the command name, which is in parentheses and may itself contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * 1000.0 / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
