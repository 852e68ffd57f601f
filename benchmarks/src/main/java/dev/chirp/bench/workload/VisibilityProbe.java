package dev.chirp.bench.workload;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.LagProbe;
import dev.chirp.bench.load.TypeStats;

/**
 * Post-to-visible lag as a reader sees it: after a post is acknowledged (201), one follower's home timeline is read
 * directly at timeline-service every 100 ms until the tweet is on its first page; the time from the acknowledgement
 * to the first read that shows it is recorded. Gives up after 15 s (recorded as an error).
 */
public final class VisibilityProbe implements AutoCloseable {

    public static final String TYPE = "post → visible";

    private final ChirpHttp http;
    private final LagProbe probe = new LagProbe(TYPE, Duration.ofMillis(100), Duration.ofSeconds(15), 2);

    public VisibilityProbe(ChirpHttp http) {
        this.http = http;
    }

    /** Starts watching for {@code tweetId} in the home timeline of the reader with {@code token}. */
    public void watch(String tweetId, String token, long acknowledgedNanos) {
        probe.watch(acknowledgedNanos, () -> onFirstPage(tweetId, token));
    }

    private boolean onFirstPage(String tweetId, String token) {
        try {
            var response = http.client().send(ChirpHttp.request(Endpoints.TIMELINE
                    + "/api/v1/timeline/home?limit=20", token).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"" + tweetId + "\"");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits (bounded) for every watched tweet to be seen or given up, then returns the lag statistics. */
    public TypeStats finish() {
        return probe.finish();
    }

    @Override
    public void close() {
        probe.close();
    }
}
