package dev.chirp.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The throughput ceiling of one request type: {@link OpenLoopRun} steps at rising offered rates (start, start ×
 * factor, …) until one does not hold; the ceiling is the highest rate that held, reported with the latencies and
 * errors of that step.
 *
 * <p>A step holds when the successful answers per second reach 95 % of the requests per second the Poisson schedule
 * actually issued, fewer than 1 % of the requests failed, and p99 (from each request's intended start) is below the
 * bound of the request type. The achieved rate is compared with the issued requests rather than the nominal rate
 * because the count of a Poisson schedule scatters by ±1/√n around rate × length: ±16 % at the 40 requests of a
 * 4/s step, enough to fail a healthy step by chance.
 */
public final class CeilingSearch {

    /** Achieved / issued below this fails a step. */
    static final double MIN_ACHIEVED = 0.95;
    /** Failed / issued at or above this fails a step. */
    static final double MAX_ERROR_RATE = 0.01;
    /** Lets queues left by a step (a failing one above all) drain before the next starts. */
    private static final Duration PAUSE = Duration.ofSeconds(1);

    /**
     * How to climb.
     *
     * @param warmUpSeconds  a first run at the start rate, not reported (JIT, caches, connection pools)
     * @param p99BoundMillis a step whose p99 reaches this does not hold
     */
    public record Settings(double startRate, double factor, int maxSteps, int stepSeconds, int warmUpSeconds,
                           double p99BoundMillis) {

        public Settings {
            if (!(startRate > 0) || !(factor > 1) || maxSteps < 1 || stepSeconds < 1 || warmUpSeconds < 0
                    || !(p99BoundMillis > 0)) {
                throw new IllegalArgumentException("bad ceiling search settings: " + startRate + ", " + factor + ", "
                        + maxSteps + ", " + stepSeconds + ", " + warmUpSeconds + ", " + p99BoundMillis);
            }
        }

        /** The offered rates of the steps, in order (rounded to 0.1/s so that tables show what was asked). */
        public List<Double> rates() {
            List<Double> rates = new ArrayList<>(maxSteps);
            for (int i = 0; i < maxSteps; i++) {
                rates.add(Math.round(startRate * Math.pow(factor, i) * 10) / 10.0);
            }
            return rates;
        }
    }

    /** Supplies the requests of each step, preparing the system first where needed (flush a cache, …). */
    public interface Steps {

        /**
         * The requests of a step at {@code rate} per second for {@code seconds} (the warm-up included); every call
         * it makes must have the search's request type.
         */
        OpenLoopRun.Source prepare(double rate, int seconds);
    }

    /** Whether a step holds, and if not, why. */
    public record Verdict(boolean holds, String reason) {
    }

    /** One step: the offered (nominal) rate and what happened. */
    public record Step(double offered, double seconds, TypeStats stats, Verdict verdict) {

        /** Requests per second the schedule issued (the nominal rate ± Poisson scatter). */
        public double issued() {
            return stats == null ? 0 : stats.count() / seconds;
        }

        public double achieved() {
            return stats == null ? 0 : stats.throughput();
        }
    }

    /** The search's outcome: its steps in order (all hold but perhaps the last) and why it stopped. */
    public record Result(String type, Settings settings, List<Step> steps, String stoppedBecause) {

        /** The step at the highest rate that held, if any did. */
        public Optional<Step> ceiling() {
            Step best = null;
            for (Step step : steps) {
                if (!step.verdict().holds()) {
                    break;
                }
                best = step;
            }
            return Optional.ofNullable(best);
        }

        /** Every step held: the true ceiling lies above the last rate tried. */
        public boolean unbounded() {
            return !steps.isEmpty() && steps.get(steps.size() - 1).verdict().holds();
        }
    }

    private final HttpClient client;

    public CeilingSearch(HttpClient client) {
        this.client = client;
    }

    public Result run(String type, Settings settings, Steps steps, long seed) {
        if (settings.warmUpSeconds() > 0) {
            runStep(type + " warm-up", settings.startRate(), settings.warmUpSeconds(),
                    steps.prepare(settings.startRate(), settings.warmUpSeconds()), seed - 1);
        }
        List<Step> done = new ArrayList<>();
        String stop = null;
        long stepSeed = seed;
        for (double rate : settings.rates()) {
            OpenLoopRun.Source source = steps.prepare(rate, settings.stepSeconds());
            OpenLoopRun.Result result = runStep(String.format(Locale.ROOT, "%s %s/s", type, rate(rate)), rate,
                    settings.stepSeconds(), source, stepSeed++);
            TypeStats stats = result.type(type);
            Verdict verdict = judge(stats, result.seconds(), settings.p99BoundMillis());
            done.add(new Step(rate, result.seconds(), stats, verdict));
            if (!verdict.holds()) {
                stop = String.format(Locale.ROOT, "%s/s did not hold: %s", rate(rate), verdict.reason());
                break;
            }
        }
        if (stop == null) {
            stop = String.format(Locale.ROOT, "every step held up to %s/s: the ceiling is higher",
                    rate(settings.rates().get(settings.rates().size() - 1)));
        }
        return new Result(type, settings, List.copyOf(done), stop);
    }

    private OpenLoopRun.Result runStep(String name, double rate, int seconds, OpenLoopRun.Source source, long seed) {
        // A timeline per step: nothing charts these runs, and one kept for a whole suite would hold a histogram per
        // second of it.
        OpenLoopRun generator = new OpenLoopRun(client, new LatencyTimeline(System.nanoTime()));
        OpenLoopRun.Result result = generator.run(name, rate, Duration.ofSeconds(seconds), source, seed);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE.toMillis()));
        return result;
    }

    /** The holding rule (class comment); {@code seconds} is the step's length. */
    static Verdict judge(TypeStats stats, double seconds, double p99BoundMillis) {
        if (stats == null || stats.count() == 0) {
            return new Verdict(false, "no requests were issued");
        }
        List<String> failed = new ArrayList<>();
        double issued = stats.count() / seconds;
        if (stats.throughput() < MIN_ACHIEVED * issued) {
            failed.add(String.format(Locale.ROOT, "achieved %.1f/s < 95 %% of the %.1f/s issued", stats.throughput(),
                    issued));
        }
        if (stats.errorRate() >= MAX_ERROR_RATE) {
            failed.add(String.format(Locale.ROOT, "errors %.1f %% ≥ 1 %%", 100 * stats.errorRate()));
        }
        if (stats.p99() >= p99BoundMillis) {
            failed.add(String.format(Locale.ROOT, "p99 %.0f ms ≥ %.0f ms", stats.p99(), p99BoundMillis));
        }
        return failed.isEmpty() ? new Verdict(true, "") : new Verdict(false, String.join(", ", failed));
    }

    /** A rate as tables show it: whole numbers without decimals. */
    public static String rate(double rate) {
        return rate == Math.rint(rate) ? String.format(Locale.ROOT, "%.0f", rate)
                : String.format(Locale.ROOT, "%.1f", rate);
    }
}
