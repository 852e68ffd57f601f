package dev.chirp.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.chirp.e2e.Chirp.Account;

/**
 * A bystander: an ordinary user reading their home timeline once a second while attacks run, so the abuse suite can
 * say whether an attack hurt anyone else. Each reading keeps its start time, latency and status.
 */
final class TimelineProbe implements AutoCloseable {

    record Reading(long startedAtNanos, long millis, int status) {
    }

    /** The worst reading that started in a window, or none. */
    record Worst(long millis, int status, int readings) {
    }

    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "timeline-probe");
        thread.setDaemon(true);
        return thread;
    });

    TimelineProbe(Account reader) {
        clock.scheduleAtFixedRate(() -> read(reader), 0, 1, TimeUnit.SECONDS);
    }

    private void read(Account reader) {
        long start = System.nanoTime();
        int status;
        try {
            status = Chirp.get("/api/v1/timeline/home?limit=10", reader.token()).status();
        } catch (AssertionError e) {
            status = -1; // no answer within the client's timeout
        }
        readings.add(new Reading(start, (System.nanoTime() - start) / 1_000_000, status));
    }

    Worst worstBetween(long fromNanos, long toNanos) {
        long worst = 0;
        int worstStatus = 0;
        int count = 0;
        for (Reading reading : readings) {
            if (reading.startedAtNanos() >= fromNanos && reading.startedAtNanos() <= toNanos) {
                count++;
                if (reading.millis() >= worst) {
                    worst = reading.millis();
                    worstStatus = reading.status();
                }
            }
        }
        return new Worst(worst, worstStatus, count);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
