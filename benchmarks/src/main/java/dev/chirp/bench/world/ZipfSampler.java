package dev.chirp.bench.world;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Draws ranks 1..n with probability proportional to 1/rank^exponent (Zipf's law): a few popular choices and a
 * long tail, the shape of who gets followed, mentioned, liked and which hashtags are used.
 */
public final class ZipfSampler {

    private final double[] cumulative;

    public ZipfSampler(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 1; rank <= n; rank++) {
            sum += 1.0 / Math.pow(rank, exponent);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    /** A rank in 1..n. */
    public int sample(RandomGenerator random) {
        double u = random.nextDouble();
        int index = Arrays.binarySearch(cumulative, u);
        int rank = index >= 0 ? index + 1 : -index;
        return Math.min(rank, cumulative.length);
    }

    public int size() {
        return cumulative.length;
    }
}
