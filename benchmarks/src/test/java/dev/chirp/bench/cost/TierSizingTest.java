package dev.chirp.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TierSizingTest {

    private static CostBench.Step step(Map<String, Double> perRequest) {
        return new CostBench.Step("step", 10, 100, 0, 10, 1, 2, perRequest);
    }

    @Test
    void peakCoresAreTheLoadTimesTheCostOfEachRequestAndNodesFollowFromThem() {
        Map<String, Double> home = new HashMap<>(Map.of("timeline-service", 2.0));
        Map<String, Double> post = new HashMap<>(Map.of("timeline-service", 10.0));
        TierSizing sizing = TierSizing.of(step(home), step(post), 120, 1000);

        TierSizing.Tier timeline = tier(sizing, "timeline-service");
        // 52,000 × 2 ms + 10,400 × 10 ms = 208,000 ms a second = 208 cores; 8-core nodes at 60 % give 4.8 each
        assertThat(timeline.peakCores()).isEqualTo(208.0);
        assertThat(timeline.cpuNodes()).isEqualTo(44);
        assertThat(timeline.nodes()).isEqualTo(44);
        assertThat(timeline.binding()).isEqualTo("CPU");
    }

    @Test
    void redisIsBoundByMemoryWhenItsCommandsAreCheapAndCountsOneCorePerShard() {
        Map<String, Double> home = new HashMap<>(Map.of("redis", 0.01));
        Map<String, Double> post = new HashMap<>(Map.of("redis", 0.01));
        TierSizing sizing = TierSizing.of(step(home), step(post), 120, 1000);

        TierSizing.Tier redis = tier(sizing, "redis");
        // 600 M monthly actives × 800 entries × 120 B = 57.6 TB over 64 GB shards
        assertThat(redis.capacityNodes()).isEqualTo(900);
        assertThat(redis.binding()).isEqualTo("memory");
        // 624 ms a second = 0.624 core: two shards at 60 % of one core each
        assertThat(redis.cpuNodes()).isEqualTo(2);
    }

    @Test
    void aProcessThatDidNoWorkNeedsNoNodesAndAMissingFigureCountsAsNone() {
        Map<String, Double> home = new HashMap<>();
        home.put("media-service", Double.NaN);
        TierSizing sizing = TierSizing.of(step(home), step(new HashMap<>()), 120, 1000);

        assertThat(tier(sizing, "media-service").nodes()).isZero();
        assertThat(tier(sizing, "cassandra").binding()).isEqualTo("disk");
        assertThat(tier(sizing, "cassandra").capacityNodes()).isEqualTo(413);
    }

    private static TierSizing.Tier tier(TierSizing sizing, String process) {
        return sizing.tiers().stream().filter(t -> t.process().equals(process)).findFirst().orElseThrow();
    }
}
