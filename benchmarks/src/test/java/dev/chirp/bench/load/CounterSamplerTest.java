package dev.chirp.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CounterSamplerTest {

    private static final long SECOND = 1_000_000_000L;

    /** Readings every 200 ms: {@code values[i]} at i × 0.2 s. */
    private static List<CounterSampler.Sample> readings(double... values) {
        List<CounterSampler.Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new CounterSampler.Sample(i * SECOND / 5, values[i]));
        }
        return samples;
    }

    @Test
    void theMiddleOfAClimbLeavesTheStartUpAndTheTailOut() {
        // 1 s at 0 (start-up), then 100 per reading (500/s) up to 1,000, then a slow tail to 1,050.
        List<CounterSampler.Sample> samples = readings(0, 0, 0, 0, 0, 100, 200, 300, 400, 500, 600, 700, 800, 900,
                1_000, 1_010, 1_020, 1_030, 1_040, 1_050);

        CounterSampler.Climb climb = CounterSampler.middle(samples, 0.10, 0.90).orElseThrow();

        // 10 % of 1,050 = 105 → first reading 200 (at 1.2 s); 90 % = 945 → first reading 1,000 (at 2.8 s).
        assertThat(climb.from().value()).isEqualTo(200);
        assertThat(climb.to().value()).isEqualTo(1_000);
        assertThat(climb.seconds()).isCloseTo(1.6, within(1e-9));
        assertThat(climb.perSecond()).isCloseTo(500, within(1e-6));
    }

    @Test
    void theClimbIsMeasuredFromTheFirstReadingNotFromZero() {
        List<CounterSampler.Sample> samples = readings(1_000, 1_000, 1_100, 1_200, 1_300, 1_400, 1_500);

        CounterSampler.Climb climb = CounterSampler.middle(samples, 0.10, 0.90).orElseThrow();

        assertThat(climb.from().value()).isEqualTo(1_100);
        assertThat(climb.to().value()).isEqualTo(1_500);
        assertThat(climb.perSecond()).isCloseTo(500, within(1e-6));
    }

    @Test
    void thereIsNoClimbWithoutGrowthOrWithinOneReading() {
        assertThat(CounterSampler.middle(List.of(), 0.1, 0.9)).isEmpty();
        assertThat(CounterSampler.middle(readings(5, 5, 5), 0.1, 0.9)).isEmpty();
        // everything arrived between two readings (one refresh): no rate can be told
        assertThat(CounterSampler.middle(readings(0, 0, 500, 500), 0.1, 0.9)).isEmpty();
        assertThat(CounterSampler.middle(readings(0, 100, 200), 0.9, 0.1)).isEmpty();
    }
}
