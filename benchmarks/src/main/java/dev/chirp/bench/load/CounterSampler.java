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

    /** The first reading strictly above {@code value}: when the counter first moved from it. */
    public Optional<Sample> firstAbove(double value) {
        return samples.stream().filter(s -> s.value() > value).findFirst();
    }

    /** Stops reading; the readings taken stay available. */
    @Override
    public void close() {
        thread.interrupt();
    }
}
