package dev.chirp.bench.load;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How long after an acknowledgement something becomes visible somewhere else (a tweet in a follower's timeline, in
 * search results): a check is run every {@code pollEvery} until it succeeds, and the time from the acknowledgement
 * to the first successful check is recorded as one latency of {@code type}. A check that has not succeeded after
 * {@code giveUp} is recorded as an error. The resolution is {@code pollEvery}.
 */
public final class LagProbe implements AutoCloseable {

    private final String type;
    private final long pollEveryMillis;
    private final long giveUpNanos;
    private final LatencyRecorder recorder = new LatencyRecorder();
    private final ScheduledExecutorService pollers;
    private final AtomicInteger pending = new AtomicInteger();
    /** Every lag seen, for {@link #over}: the histogram answers percentiles, not "how many missed a promise". */
    private final ConcurrentLinkedQueue<Long> lagsNanos = new ConcurrentLinkedQueue<>();

    public LagProbe(String type, Duration pollEvery, Duration giveUp, int pollThreads) {
        this.type = type;
        this.pollEveryMillis = pollEvery.toMillis();
        this.giveUpNanos = giveUp.toNanos();
        this.pollers = Executors.newScheduledThreadPool(pollThreads);
    }

    /** Starts checking; {@code visible} is called from a poller thread and must not throw. */
    public void watch(long acknowledgedNanos, BooleanSupplier visible) {
        pending.incrementAndGet();
        pollers.execute(() -> poll(acknowledgedNanos, visible));
    }

    /** Records something that could not even start (its write failed) as an error. */
    public void failed() {
        recorder.recordNotSent(type);
    }

    private void poll(long acknowledgedNanos, BooleanSupplier visible) {
        boolean seen = visible.getAsBoolean();
        long now = System.nanoTime();
        if (seen) {
            recorder.record(type, acknowledgedNanos, acknowledgedNanos, now, 200);
            lagsNanos.add(now - acknowledgedNanos);
            pending.decrementAndGet();
        } else if (now - acknowledgedNanos > giveUpNanos) {
            recorder.recordNotSent(type);
            pending.decrementAndGet();
        } else {
            pollers.schedule(() -> poll(acknowledgedNanos, visible), pollEveryMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits (bounded) until every watched item was seen or given up; the lags in ms, or null when none. */
    public TypeStats finish() {
        long until = System.nanoTime() + giveUpNanos + TimeUnit.SECONDS.toNanos(5);
        while (pending.get() > 0 && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return recorder.snapshot(0).get(type);
    }

    /** How many of the items seen took longer than {@code bound} (items never seen are errors, not counted here). */
    public long over(Duration bound) {
        return lagsNanos.stream().filter(lag -> lag > bound.toNanos()).count();
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }
}
