package dev.chirp.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This test's own JVM, filed as if it were gateway-service: its compiler threads are counted apart from it. */
class ProcessCpuTest {

    @TempDir
    Path run;

    @Test
    void theJitCompilersAreCountedApartFromTheProcessThatRunsThem() throws Exception {
        Files.writeString(run.resolve("gateway-service.pid"), ProcessHandle.current().pid() + "\n");
        ProcessCpu cpu = new ProcessCpu(run, 100);

        double before = processMillis();
        Map<String, Double> sample = cpu.sample();
        double after = processMillis();

        // JUnit and AssertJ were compiled by now: well over one 10 ms tick of compiler time.
        assertThat(sample.get(ProcessCpu.JIT)).isGreaterThan(0);
        double whole = sample.get("gateway-service") + sample.get(ProcessCpu.JIT);
        assertThat(whole).isBetween(before - 20, after + 20);
        assertThat(sample).doesNotContainKey("cassandra");
        assertThat(ProcessCpu.systemTotal(sample)).as("neither the JIT nor the load generator is in the total")
                .isEqualTo(sample.get("gateway-service"));
    }

    @Test
    void aProcessThatIsNotRunningIsAbsentAndCompilesNothing() throws Exception {
        Files.writeString(run.resolve("redis.pid"), "999999999\n");

        Map<String, Double> sample = new ProcessCpu(run, 100).sample();

        assertThat(sample).doesNotContainKey("redis");
        assertThat(sample.get(ProcessCpu.JIT)).isCloseTo(0.0, within(0.0));
    }

    private static double processMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }
}
