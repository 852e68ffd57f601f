package dev.chirp.bench.load;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * An open-loop load generator: requests go out at the instants of an {@link ArrivalSchedule} whatever the system
 * does, through the asynchronous {@link HttpClient} (a slow response never delays the next send), and each latency
 * is measured from the request's intended start. The run is bounded by its duration and by a cap on requests in
 * flight (a request due while the cap is reached is counted as an error, not queued). A progress line (rate, in
 * flight, errors, p99 so far) is redrawn on stderr every second.
 */
public final class OpenLoopRun {

    /** One request: its type (a row of the report), and what to do with a successful answer (may be null). */
    public record Call(String type, HttpRequest request, Consumer<HttpResponse<byte[]>> onSuccess) {

        public Call(String type, HttpRequest request) {
            this(type, request, null);
        }
    }

    /** Makes the next request; called on the generator thread, so it must be quick. */
    public interface Source {
        Call next(SplittableRandom random);
    }

    /** The outcome: per request type, over the scheduled duration. */
    public record Result(String name, double targetRate, double seconds, Map<String, TypeStats> types) {

        public TypeStats type(String type) {
            return types.get(type);
        }
    }

    private static final int MAX_IN_FLIGHT = 2_000;
    private static final Duration DRAIN = Duration.ofSeconds(20);

    private final HttpClient client;
    private final LatencyTimeline timeline;

    public OpenLoopRun(HttpClient client, LatencyTimeline timeline) {
        this.client = client;
        this.timeline = timeline;
    }

    public Result run(String name, double rate, Duration duration, Source source, long seed) {
        LatencyRecorder recorder = new LatencyRecorder();
        ArrivalSchedule schedule = new ArrivalSchedule(rate, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long durationNanos = duration.toNanos();
        long start = System.nanoTime();
        Thread progress = progressLine(name, rate, duration, start, recorder, inFlight, sent);
        try {
            while (true) {
                long offset = schedule.nextOffsetNanos();
                if (offset >= durationNanos) {
                    break;
                }
                long intended = start + offset;
                for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Call call = source.next(random);
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                    recorder.recordNotSent(call.type());
                    continue;
                }
                inFlight.incrementAndGet();
                sent.incrementAndGet();
                long sentAt = System.nanoTime();
                client.sendAsync(call.request(), HttpResponse.BodyHandlers.ofByteArray())
                        .whenComplete((response, failure) -> {
                            long done = System.nanoTime();
                            int status = response == null ? 0 : response.statusCode();
                            long micros = recorder.record(call.type(), intended, sentAt, done, status);
                            timeline.record(name + " · " + call.type(), intended, micros);
                            inFlight.decrementAndGet();
                            if (response != null && status >= 200 && status < 300 && call.onSuccess() != null) {
                                call.onSuccess().accept(response);
                            }
                        });
            }
            long drainUntil = System.nanoTime() + DRAIN.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        } finally {
            progress.interrupt();
            timeline.span(name, start, start + durationNanos);
        }
        Result result = new Result(name, rate, duration.toMillis() / 1000.0,
                recorder.snapshot(duration.toMillis() / 1000.0));
        System.err.printf("\r\033[K  %-34s done: %s%n", name, summary(result));
        return result;
    }

    private static String summary(Result result) {
        StringBuilder line = new StringBuilder();
        result.types().values().forEach(t -> line.append(String.format("%s %,d req p50 %.1f p99 %.1f ms err %d; ",
                t.type(), t.count(), t.p50(), t.p99(), t.errorCount())));
        return line.toString();
    }

    private static Thread progressLine(String name, double rate, Duration duration, long start,
                                       LatencyRecorder recorder, AtomicInteger inFlight, AtomicInteger sent) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf("\r\033[K  %-34s %4.0f/%ds  target %.0f/s  sent %.1f/s  in flight %d  errors %d  "
                                + "p99 %.1f ms", name, seconds, duration.toSeconds(), rate, sent.get() / seconds,
                        inFlight.get(), recorder.errorsSoFar(), recorder.p99SoFarMillis());
            }
        }, "progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
