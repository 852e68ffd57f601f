package dev.chirp.shared.web;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instances of a sibling service may take calls, and how readily: all of them, except one whose readiness
 * probe ({@code GET /actuator/health/readiness}, polled every {@link #INTERVAL}) last said it is not ready, or could
 * not be connected to; and one that has just become ready again takes a share of the calls that grows from a tenth
 * to all of them over {@link #SLOW_START} (as Envoy's and HAProxy's slow start do). Without this, a restarted
 * instance took calls from the moment its port opened, seconds before it was ready, and once ready its first calls
 * met a JIT that had compiled nothing of the request path while its start-up still held the CPU: in the fault run,
 * one restart of tweet-service cost 8 of 157 requests (docs/benchmarks-chaos.md). A killed instance also drops out
 * within a probe, so calls stop paying a refused connection each.
 *
 * <p>A probe that is merely slow changes nothing: a busy instance is not a dead one, and taking it out would put all
 * its load on the others. Callers {@linkplain #rank rank} the instances and try them best first, keeping the others
 * as a last resort: when no instance is ready the call still goes somewhere, which is better than answering "no
 * instance" while one might serve. A single instance (the default, and Kubernetes, where one Service fronts the pods
 * and the pods' own readiness probes do this job) is never probed.
 */
public final class InstanceReadiness {

    private static final Logger log = LoggerFactory.getLogger(InstanceReadiness.class);

    /** How often each instance is probed: how long a restarted instance waits for calls once it is ready. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    /** A probe's bound; beyond it the instance keeps the state it had. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** How long a returning instance's share of the calls takes to grow to all of them. */
    public static final Duration SLOW_START = Duration.ofSeconds(30);

    /** Its share at first: enough calls for its JIT to compile the request path, few enough to go slow. */
    static final double FIRST_SHARE = 0.1;

    static final String PATH = "/actuator/health/readiness";

    /** An instance's standing for one call; callers try lower ranks first. */
    public enum Rank {
        /** Ready: take the call. */
        TAKE,
        /** Ready again only lately, and this call is not in its share: only if no instance takes it. */
        WARMING,
        /** Not ready, or not listening: a last resort. */
        NOT_READY
    }

    /** One daemon thread for every probe in the process: a probe is one small asynchronous request. */
    private static final ScheduledExecutorService PROBES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "instance-readiness");
        thread.setDaemon(true);
        return thread;
    });

    private final List<URI> instances;
    private final Set<URI> unready = ConcurrentHashMap.newKeySet();
    /** When each instance that had been unready became ready ({@link #nanoTime}), while its slow start lasts. */
    private final Map<URI, Long> readySince = new ConcurrentHashMap<>();
    private final Map<URI, Boolean> probing = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;

    private InstanceReadiness(List<URI> instances, boolean probe, LongSupplier nanoTime, DoubleSupplier random) {
        this.instances = List.copyOf(instances);
        this.nanoTime = nanoTime;
        this.random = random;
        this.http = probe ? HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build() : null;
        if (probe) {
            PROBES.scheduleWithFixedDelay(this::probeAll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The instances (base URLs, at least one), probed in the background when there are two or more. */
    public static InstanceReadiness of(List<URI> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a service needs at least one instance URL");
        }
        return new InstanceReadiness(instances, instances.size() > 1, System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: the instances, never probed; their state moves only through {@link #record}. */
    static InstanceReadiness unprobed(List<URI> instances, LongSupplier nanoTime, DoubleSupplier random) {
        return new InstanceReadiness(instances, false, nanoTime, random);
    }

    static InstanceReadiness unprobed(List<URI> instances) {
        return unprobed(instances, System::nanoTime, () -> 0);
    }

    /** The instances, in their configured order. */
    public List<URI> instances() {
        return instances;
    }

    /** Whether {@code instance} may take calls now: ready, or none is (see the class comment). */
    public boolean isEligible(URI instance) {
        return !unready.contains(instance) || unready.containsAll(instances);
    }

    /** {@code instance}'s standing for the call about to be made (a draw for an instance in its slow start). */
    public Rank rank(URI instance) {
        if (unready.contains(instance)) {
            return Rank.NOT_READY;
        }
        Long since = readySince.get(instance);
        if (since == null) {
            return Rank.TAKE;
        }
        double elapsed = (double) (nanoTime.getAsLong() - since) / SLOW_START.toNanos();
        if (elapsed >= 1) {
            readySince.remove(instance, since);
            return Rank.TAKE;
        }
        return random.getAsDouble() < Math.max(FIRST_SHARE, elapsed) ? Rank.TAKE : Rank.WARMING;
    }

    private void probeAll() {
        for (URI instance : instances) {
            if (probing.putIfAbsent(instance, Boolean.TRUE) != null) {
                continue; // the last probe of this instance has not finished yet
            }
            HttpRequest request = HttpRequest.newBuilder(instance.resolve(PATH)).timeout(PROBE_TIMEOUT).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                probing.remove(instance);
                record(instance, response != null ? Answer.of(response.statusCode()) : Answer.of(failure));
            });
        }
    }

    /** What one probe found. */
    enum Answer {
        READY, NOT_READY, NO_ANSWER;

        static Answer of(int status) {
            return status == 200 ? READY : NOT_READY;
        }

        static Answer of(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ConnectException) {
                    return NOT_READY; // refused: nothing listens there
                }
            }
            return NO_ANSWER;
        }
    }

    void record(URI instance, Answer answer) {
        switch (answer) {
            case READY -> {
                if (unready.remove(instance)) {
                    readySince.put(instance, nanoTime.getAsLong());
                    log.info("{} is ready: its share of the calls grows to all of them over {}", instance,
                            SLOW_START);
                }
            }
            case NOT_READY -> {
                readySince.remove(instance);
                if (unready.add(instance)) {
                    log.warn("{} is not ready: calls go to the other instances until it is", instance);
                }
            }
            case NO_ANSWER -> {
                // slow is not dead: the instance keeps the state it had
            }
        }
    }
}
