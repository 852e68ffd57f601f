package dev.chirp.bench.load;

import java.util.SplittableRandom;

/**
 * When each request of an open-loop run is due: a Poisson process, i.e. exponentially distributed gaps with mean
 * 1/rate, as independent users would arrive. The schedule is fixed in advance and does not wait for responses, so
 * a slow system cannot slow the load down (the flaw of closed-loop generators).
 */
public final class ArrivalSchedule {

    private final double meanGapNanos;
    private final SplittableRandom random;
    private long next;

    public ArrivalSchedule(double ratePerSecond, long seed) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.meanGapNanos = 1e9 / ratePerSecond;
        this.random = new SplittableRandom(seed);
    }

    /** Nanoseconds after the start at which the next request is due; the first is due at 0. */
    public long nextOffsetNanos() {
        long due = next;
        next += Math.round(-Math.log(1.0 - random.nextDouble()) * meanGapNanos);
        return due;
    }
}
