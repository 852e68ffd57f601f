package dev.chirp.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    @Test
    void startsAtZeroAndNeverGoesBack() {
        ArrivalSchedule schedule = new ArrivalSchedule(100, 1);
        long previous = schedule.nextOffsetNanos();
        assertThat(previous).isZero();
        for (int i = 0; i < 10_000; i++) {
            long next = schedule.nextOffsetNanos();
            assertThat(next).isGreaterThanOrEqualTo(previous);
            previous = next;
        }
    }

    @Test
    void gapsAverageOneOverTheRateAndVaryLikeAnExponential() {
        ArrivalSchedule schedule = new ArrivalSchedule(200, 42);
        int n = 200_000;
        long previous = schedule.nextOffsetNanos();
        double sum = 0;
        double sumOfSquares = 0;
        int shorterThanMean = 0;
        for (int i = 0; i < n; i++) {
            long next = schedule.nextOffsetNanos();
            double gap = (next - previous) / 1e9;
            sum += gap;
            sumOfSquares += gap * gap;
            shorterThanMean += gap < 1.0 / 200 ? 1 : 0;
            previous = next;
        }
        double mean = sum / n;
        double deviation = Math.sqrt(sumOfSquares / n - mean * mean);
        assertThat(mean).isCloseTo(1.0 / 200, org.assertj.core.data.Percentage.withPercentage(2));
        // An exponential distribution's standard deviation equals its mean, and 1 − 1/e of it lies below the mean.
        assertThat(deviation).isCloseTo(mean, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat((double) shorterThanMean / n).isCloseTo(1 - Math.exp(-1), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        ArrivalSchedule a = new ArrivalSchedule(50, 7);
        ArrivalSchedule b = new ArrivalSchedule(50, 7);
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextOffsetNanos()).isEqualTo(b.nextOffsetNanos());
        }
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new ArrivalSchedule(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalSchedule(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
