package dev.chirp.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class BaselineParsingTest {

    @Test
    void readsRedisBenchmarkQuietOutput() {
        String output = "ZADD chirp-bench:zset __rand_int__ __rand_int__: rps=0.0 (overall: nan) avg_msec=nan\r"
                + "ZADD chirp-bench:zset __rand_int__ __rand_int__: 156985.86 requests per second, p50=0.799 msec\n";
        var parsed = RedisBaseline.parse(output, 16);
        assertThat(parsed).singleElement().satisfies(t -> {
            assertThat(t.test()).isEqualTo("ZADD");
            assertThat(t.pipeline()).isEqualTo(16);
            assertThat(t.requestsPerSecond()).isEqualTo(156985.86);
            assertThat(t.p50()).isEqualTo("0.799 msec");
        });
        assertThat(RedisBaseline.parse("Could not connect to Redis at 127.0.0.1:6379", 1)).isEmpty();
    }

    @Test
    void aRedisTestReportsItsMedianRunAndTheSpreadOfAll() {
        var median = RedisBaseline.Throughput.medianOf(List.of(
                new RedisBaseline.Throughput("ZADD", 16, 391_000, "0.5 msec"),
                new RedisBaseline.Throughput("ZADD", 16, 124_000, "1.9 msec"),
                new RedisBaseline.Throughput("ZADD", 16, 150_000, "1.2 msec")));

        assertThat(median.requestsPerSecond()).isEqualTo(150_000);
        assertThat(median.p50()).isEqualTo("1.2 msec");
        assertThat(median.slowest()).isEqualTo(124_000);
        assertThat(median.fastest()).isEqualTo(391_000);
    }

    @Test
    void readsTheLastSummaryOfTheKafkaProducerTool() {
        String output = """
                49981 records sent, 9996.2 records/sec (9.53 MB/sec), 1500.1 ms avg latency, 2400.0 ms max latency.
                100000 records sent, 31446.540881 records/sec (29.99 MB/sec), 803.50 ms avg latency, 2411.00 ms max \
                latency, 614 ms 50th, 2100 ms 95th, 2330 ms 99th, 2400 ms 99.9th.
                """;
        KafkaBaseline.Result result = KafkaBaseline.parse(output, "t");
        assertThat(result.records()).isEqualTo(100_000);
        assertThat(result.recordsPerSecond()).isEqualTo(31446.540881);
        assertThat(result.mbPerSecond()).isEqualTo(29.99);
        assertThat(result.avgLatencyMs()).isEqualTo(803.5);
        assertThat(result.p99LatencyMs()).isEqualTo(2330);
        assertThat(KafkaBaseline.parse("Exception in thread main", "t")).isNull();
    }
}
