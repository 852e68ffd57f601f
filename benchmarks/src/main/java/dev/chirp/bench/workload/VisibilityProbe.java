package dev.chirp.bench.workload;

import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.LatencyRecorder;
import dev.chirp.bench.load.TypeStats;

/**
 * Post-to-visible lag as a reader sees it: after a post is acknowledged (201), one follower's home timeline is read
 * directly at timeline-service every 100 ms until the tweet is on its first page; the time from the acknowledgement
 * to the first read that shows it is recorded. Gives up after 15 s (recorded as an error).
 */
public final class VisibilityProbe implements AutoCloseable {

    public static final String TYPE = "post → visible";
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final ChirpHttp http;
    private final LatencyRecorder recorder = new LatencyRecorder();
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2);
    private final AtomicInteger pending = new AtomicInteger();

    public VisibilityProbe(ChirpHttp http) {
        this.http = http;
    }

    /** Starts watching for {@code tweetId} in the home timeline of the reader with {@code token}. */
    public void watch(String tweetId, String token, long acknowledgedNanos) {
        pending.incrementAndGet();
        pollers.execute(() -> poll(tweetId, token, acknowledgedNanos));
    }

    private void poll(String tweetId, String token, long acknowledgedNanos) {
        boolean seen = false;
        try {
            var response = http.client().send(ChirpHttp.request(Endpoints.TIMELINE
                    + "/api/v1/timeline/home?limit=20", token).GET().build(), HttpResponse.BodyHandlers.ofString());
            seen = response.statusCode() == 200 && response.body().contains("\"" + tweetId + "\"");
        } catch (java.io.IOException e) {
            seen = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long now = System.nanoTime();
        if (seen) {
            recorder.record(TYPE, acknowledgedNanos, acknowledgedNanos, now, 200);
            pending.decrementAndGet();
        } else if (now - acknowledgedNanos > GIVE_UP_NANOS) {
            recorder.recordNotSent(TYPE);
            pending.decrementAndGet();
        } else {
            pollers.schedule(() -> poll(tweetId, token, acknowledgedNanos), 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits (bounded) for every watched tweet to be seen or given up, then returns the lag statistics. */
    public TypeStats finish() {
        long until = System.nanoTime() + GIVE_UP_NANOS + TimeUnit.SECONDS.toNanos(5);
        while (pending.get() > 0 && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return recorder.snapshot(0).get(TYPE);
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }
}
