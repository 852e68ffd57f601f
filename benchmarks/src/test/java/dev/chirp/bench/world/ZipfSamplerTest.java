package dev.chirp.bench.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

    @Test
    void staysInRangeAndFavoursLowRanksByThePowerLaw() {
        ZipfSampler sampler = new ZipfSampler(1_000, 1.0);
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[1_001];
        int n = 500_000;
        for (int i = 0; i < n; i++) {
            int rank = sampler.sample(random);
            assertThat(rank).isBetween(1, 1_000);
            counts[rank]++;
        }
        // P(rank) ∝ 1/rank: rank 1 twice as often as rank 2, ten times as often as rank 10.
        assertThat((double) counts[1] / counts[2]).isBetween(1.9, 2.1);
        assertThat((double) counts[1] / counts[10]).isBetween(9.0, 11.0);
        // H(1000) ≈ 7.485, so rank 1 takes about 13.4 %.
        assertThat((double) counts[1] / n).isBetween(0.128, 0.140);
    }

    @Test
    void aSteeperExponentConcentratesMore() {
        SplittableRandom random = new SplittableRandom(5);
        ZipfSampler flat = new ZipfSampler(100, 0.5);
        ZipfSampler steep = new ZipfSampler(100, 2.0);
        int flatTop = 0;
        int steepTop = 0;
        for (int i = 0; i < 50_000; i++) {
            flatTop += flat.sample(random) == 1 ? 1 : 0;
            steepTop += steep.sample(random) == 1 ? 1 : 0;
        }
        assertThat(steepTop).isGreaterThan(flatTop * 3);
    }

    @Test
    void oneChoiceIsAlwaysThatChoiceAndNoneIsRefused() {
        ZipfSampler single = new ZipfSampler(1, 1.0);
        assertThat(single.sample(new SplittableRandom(1))).isEqualTo(1);
        assertThatThrownBy(() -> new ZipfSampler(0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
