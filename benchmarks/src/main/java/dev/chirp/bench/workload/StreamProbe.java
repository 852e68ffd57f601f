package dev.chirp.bench.workload;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.load.LatencyRecorder;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.world.SeededUser;

/**
 * Post-to-visible lag as the live stream shows it. A few followers hold {@code GET /api/v1/stream} open, directly at
 * timeline-service, for the whole run. Fan-out's Redis script publishes a tweet to a follower's stream in the same
 * step that writes it into their home timeline, and only when it is there, so the event's arrival is the moment the
 * tweet became readable. Each (post, watcher) pair is one latency, from the post's 201 to the event.
 *
 * <p>Polling a timeline instead (as {@link VisibilityProbe} does) costs one read per post in flight every 100 ms:
 * when fan-out falls behind, the probe's own reads grow with the lag it measures and deepen it. A stream costs one
 * hydrated event per post and watcher, whatever the lag.
 */
final class StreamProbe implements AutoCloseable {

    static final String TYPE = "post → visible (live stream)";
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT).build();
    private final List<Stream<String>> streams = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final int watchers;
    /** Tweet ID → when its post was acknowledged. */
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    /** Tweet ID → watcher → when the event arrived (may come before the acknowledgement is recorded). */
    private final Map<String, Map<Integer, Long>> arrivals = new ConcurrentHashMap<>();
    /** Watcher → why its stream ended early, for the report. */
    private final Map<Integer, String> ended = new ConcurrentHashMap<>();

    /** Connects every watcher's stream and returns once each has been greeted (bounded by 10 s). */
    StreamProbe(List<SeededUser> watchers) {
        this.watchers = watchers.size();
        CountDownLatch connected = new CountDownLatch(watchers.size());
        for (int i = 0; i < watchers.size(); i++) {
            int watcher = i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(Endpoints.TIMELINE + "/api/v1/stream"))
                    .header("Authorization", "Bearer " + watchers.get(i).token())
                    .header("Accept", "text/event-stream").GET().build();
            Thread reader = new Thread(() -> read(watcher, request, connected), "stream-probe-" + i);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
        try {
            if (!connected.await(CONNECT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("live streams: " + connected.getCount() + " of " + watchers.size()
                        + " watchers not connected within " + CONNECT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void read(int watcher, HttpRequest request, CountDownLatch connected) {
        try {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                ended.put(watcher, "status " + response.statusCode());
                response.body().close();
                return;
            }
            synchronized (streams) {
                streams.add(response.body());
            }
            String[] event = {null, null};
            boolean[] greeted = {false};
            response.body().forEach(line -> {
                if (line.startsWith(":")) {
                    if (!greeted[0]) {
                        greeted[0] = true;
                        connected.countDown();
                    }
                } else if (line.startsWith("event:")) {
                    event[0] = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    event[1] = line.substring(3).trim();
                } else if (line.isEmpty()) {
                    if ("tweet".equals(event[0]) && event[1] != null) {
                        arrivals.computeIfAbsent(event[1], id -> new ConcurrentHashMap<>())
                                .putIfAbsent(watcher, System.nanoTime());
                    }
                    event[0] = null;
                    event[1] = null;
                }
            });
            ended.putIfAbsent(watcher, "the server ended the stream");
        } catch (java.io.IOException | UncheckedIOException e) {
            // close(), or the service went away: unseen posts count as errors
            ended.putIfAbsent(watcher, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per watcher that missed posts: how many it saw, and why its stream ended if it did. Empty when none missed. */
    String misses() {
        List<String> misses = new ArrayList<>();
        for (int watcher = 0; watcher < watchers; watcher++) {
            int w = watcher;
            long seen = acknowledged.keySet().stream()
                    .filter(id -> arrivals.getOrDefault(id, Map.of()).containsKey(w)).count();
            if (seen < acknowledged.size()) {
                misses.add(String.format("watcher %d saw %d of %d%s", watcher + 1, seen, acknowledged.size(),
                        ended.containsKey(watcher) ? " (" + ended.get(watcher) + ")" : ""));
            }
        }
        return String.join(", ", misses);
    }

    /** A post was acknowledged at {@code acknowledgedNanos}: every watcher should see it. */
    void expect(String tweetId, long acknowledgedNanos) {
        acknowledged.put(tweetId, acknowledgedNanos);
    }

    /**
     * Waits until every watcher has seen every expected post, or {@code giveUp} after the last acknowledgement;
     * returns the lags in ms (a pair never seen is an error), or null when nothing was expected.
     */
    TypeStats finish(Duration giveUp) {
        long lastAck = acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        long until = lastAck + giveUp.toNanos();
        while (System.nanoTime() < until && !allSeen()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        LatencyRecorder recorder = new LatencyRecorder();
        acknowledged.forEach((id, ack) -> {
            Map<Integer, Long> seen = arrivals.getOrDefault(id, Map.of());
            for (int watcher = 0; watcher < watchers; watcher++) {
                Long at = seen.get(watcher);
                if (at == null) {
                    recorder.recordNotSent(TYPE);
                } else {
                    // The event can overtake the 201 on its way back: that is a lag of zero, not a negative one.
                    recorder.record(TYPE, ack, ack, Math.max(ack, at), 200);
                }
            }
        });
        return recorder.snapshot(0).get(TYPE);
    }

    private boolean allSeen() {
        return acknowledged.keySet().stream()
                .allMatch(id -> arrivals.getOrDefault(id, Map.of()).size() >= watchers);
    }

    @Override
    public void close() {
        synchronized (streams) {
            streams.forEach(Stream::close);
        }
        readers.forEach(Thread::interrupt);
    }
}
