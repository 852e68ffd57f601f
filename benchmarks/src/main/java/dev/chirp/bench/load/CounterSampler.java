package dev.chirp.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * Reads a growing counter (timeline-service's deliveries, the search index's document count) on a daemon thread at
 * a fixed interval and keeps every reading with its time, so that a workload can tell when the counter first moved
 * and first reached a value: throughput is the climb between the two. A reading that fails is skipped.
 */
public final class CounterSampler implements AutoCloseable {

    /** One reading: {@link System#nanoTime()} and the counter's value. */
    public record Sample(long nanos, double value) {
    }

    /** The counter's climb between two readings. */
    public record Climb(Sample from, Sample to) {

        public double seconds() {
            return (to.nanos() - from.nanos()) / 1e9;
        }

        public double perSecond() {
            return (to.value() - from.value()) / seconds();
        }
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public CounterSampler(String name, Duration every, DoubleSupplier counter) {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    samples.add(new Sample(System.nanoTime(), counter.getAsDouble()));
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // one failed reading: the next one counts
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The most recent reading, if any. */
    public Optional<Sample> latest() {
        return samples.isEmpty() ? Optional.empty() : Optional.of(samples.get(samples.size() - 1));
    }

    /** The first reading at or above {@code value}. */
    public Optional<Sample> firstReaching(double value) {
        return samples.stream().filter(s -> s.value() >= value).findFirst();
    }

    /**
     * The first reading at the latest value: since when the counter has not moved (a counter that only grows).
     * Before any reading: a reading of 0 now.
     */
    public Sample firstAtLatest() {
        double latest = latest().map(Sample::value).orElse(0.0);
        return firstReaching(latest).orElse(new Sample(System.nanoTime(), latest));
    }

    /** The first reading strictly above {@code value}: when the counter first moved from it. */
    public Optional<Sample> firstAbove(double value) {
        return samples.stream().filter(s -> s.value() > value).findFirst();
    }

    /** Every reading so far, oldest first. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * The middle of a climb: from the first reading at or above {@code fromShare} of the way from the first reading's
     * value to the last one's, to the first at or above {@code toShare} of it (10 % and 90 %: the start-up before
     * the counter moves and the slow tail are left out). Empty when the counter did not grow or both ends fall on
     * the same reading.
     */
    public static Optional<Climb> middle(List<Sample> samples, double fromShare, double toShare) {
        if (samples.isEmpty() || !(fromShare < toShare)) {
            return Optional.empty();
        }
        double base = samples.get(0).value();
        double rise = samples.get(samples.size() - 1).value() - base;
        if (!(rise > 0)) {
            return Optional.empty();
        }
        Optional<Sample> from = samples.stream().filter(s -> s.value() > base && s.value() >= base + fromShare * rise)
                .findFirst();
        Optional<Sample> to = samples.stream().filter(s -> s.value() >= base + toShare * rise).findFirst();
        if (from.isEmpty() || to.isEmpty() || to.get().nanos() <= from.get().nanos()) {
            return Optional.empty();
        }
        return Optional.of(new Climb(from.get(), to.get()));
    }

    /** Stops reading; the readings taken stay available. */
    @Override
    public void close() {
        thread.interrupt();
    }
}
