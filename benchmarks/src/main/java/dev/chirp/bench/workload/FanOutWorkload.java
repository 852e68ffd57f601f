package dev.chirp.bench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.CounterSampler;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.report.BenchReport;
import dev.chirp.bench.world.Accounts;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.TweetTexts;
import dev.chirp.bench.world.World;

/**
 * Fan-out on write, measured where it happens. A few authors ({@code bf9999_01}…, named after their audience size)
 * are followed by an audience of plain accounts ({@code bfo_00001}…, see {@link FanOutAudience}; as many as the plan
 * asks, one below the celebrity threshold), whose home timelines are made active by one read each. Then two phases, both posting directly at
 * tweet-service:
 * <ol>
 *   <li><b>burst</b>: a few posts per author at once, more than fan-out can keep up with, so the rate at which
 *   timeline-service's counter {@code chirp_fanout_deliveries_total} (sampled every 100 ms) climbs is its capacity;
 *   <li><b>steady</b>, twice: posts at a fixed rate that asks for a quarter, then half, of that capacity, while a
 *   {@link StreamProbe} (eight followers' live streams) measures post-to-visible lag as followers see it and
 *   {@code chirp_fanout_lag_seconds} the event-to-delivered lag. One author's posts are fanned out one after another
 *   (the topic is keyed by author), so the lag is a queue's: its tail grows with the load long before capacity.
 * </ol>
 */
final class FanOutWorkload {

    private static final String DELIVERIES = "chirp_fanout_deliveries_total";
    private static final String LAG = "chirp_fanout_lag_seconds";
    private static final int BURST_POSTS_PER_AUTHOR = 10;
    private static final long BURST_DELIVERIES = 200_000;
    /** Followers whose live streams measure post-to-visible lag in the steady phase. */
    private static final int WATCHERS = 8;

    private final ChirpHttp http;
    private final World world;
    private final Requests requests;
    private final OpenLoopRun generator;
    private final List<OpenLoopRun.Result> runs;
    private final List<String> notes;

    FanOutWorkload(ChirpHttp http, World world, Requests requests, OpenLoopRun generator,
                   List<OpenLoopRun.Result> runs, List<String> notes) {
        this.http = http;
        this.world = world;
        this.requests = requests;
        this.generator = generator;
        this.runs = runs;
        this.notes = notes;
    }

    BenchReport.FanOut run(BenchPlan plan, List<SeededUser> followers) {
        Accounts accounts = new Accounts(http, world);
        List<SeededUser> authors = new ArrayList<>();
        int followerCount = followers.size();
        // Authors are named after their audience size: follows are never undone, so an author of a bench with a
        // larger audience would otherwise keep followers beyond this one's (and could be over the threshold).
        for (int i = 1; i <= plan.fanOutAuthors(); i++) {
            authors.add(accounts.ensure(String.format("bf%d_%02d", followerCount, i),
                    "Fan-out author " + i + " (" + followerCount + " followers)").user());
        }
        world.save();
        for (SeededUser author : authors) {
            FanOutAudience.followUpTo(http, world, author, followerCount);
        }
        String inactive = activate(followers, authors);
        long perPost = followerCount + 1L;
        String settled = settle(authors, perPost);

        // ---- burst: capacity ----
        PrometheusText before = scrape();
        double start = before.sum(DELIVERIES);
        int burstPosts;
        double end;
        double first;
        double last;
        // One meter at /actuator/metrics costs timeline-service ~2 ms of CPU; a whole Prometheus scrape 14–36 ms,
        // which at 10 samples a second took a share of the CPU the burst measures.
        try (CounterSampler sampler = new CounterSampler("fanout-sampler", Duration.ofMillis(100),
                this::deliveriesCounted)) {
            burstPosts = burst(authors, followerCount);
            // Reads the sampler's counter rather than scraping beside it: two scrapers would add to the load measured.
            end = waitForDeliveries(start, start + burstPosts * (double) perPost, 120,
                    () -> sampler.latest().map(CounterSampler.Sample::value).orElse(start));
            first = sampler.firstAbove(start).map(sample -> (double) sample.nanos()).orElse(Double.NaN);
            last = sampler.firstReaching(end).map(sample -> (double) sample.nanos()).orElse(Double.NaN);
        }
        double drain = Double.isNaN(first) || Double.isNaN(last) ? Double.NaN : Math.max(0.1, (last - first) / 1e9);
        double capacity = Double.isNaN(drain) ? 0 : (end - start) / drain;
        long expected = burstPosts * perPost;

        // ---- steady: lag at a quarter and at half the capacity ----
        List<BenchReport.Steady> phases = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (double share : new double[] {0.25, 0.5}) {
            phases.add(steady(plan, share == 0.5 ? Bench.FAN_OUT : Bench.FAN_OUT_QUARTER, share, capacity, perPost,
                    authors, followers, misses));
        }
        String note = settled + inactive + (end - start < expected
                ? String.format("; %,d of %,d expected deliveries of the burst counted", (long) (end - start),
                expected) : "") + (misses.isEmpty() ? "" : "; live streams that missed posts: "
                + String.join("; ", misses));
        return new BenchReport.FanOut(authors.size(), followerCount, burstPosts, (long) (end - start), expected,
                capacity, Double.isNaN(drain) ? 0 : drain, List.copyOf(phases), note);
    }

    /** Posts at {@code share} of the burst's capacity for the plan's phase length and measures the lag. */
    private BenchReport.Steady steady(BenchPlan plan, String run, double share, double capacity, long perPost,
                                      List<SeededUser> authors, List<SeededUser> followers, List<String> misses) {
        double rate = capacity > 0 ? Math.min(plan.fanOutPostRate(), capacity * share / perPost) : 1;
        double steadyRate = Math.max(0.2, Math.round(rate * 10) / 10.0);
        step(String.format("fan-out steady: %.1f posts/s for %d s (%.0f %% of the burst's %,.0f deliveries/s)",
                steadyRate, plan.fanOutSeconds(), 100 * share, capacity));
        PrometheusText lagBefore = scrape();
        OpenLoopRun.Result steady;
        TypeStats visible;
        List<SeededUser> watchers = followers.subList(0, Math.min(WATCHERS, followers.size()));
        try (StreamProbe probe = new StreamProbe(watchers)) {
            steady = generator.run(run, steadyRate, Duration.ofSeconds(plan.fanOutSeconds()),
                    random -> {
                        SeededUser author = authors.get(random.nextInt(authors.size()));
                        return new OpenLoopRun.Call(Bench.POST, requests.plainPost(Endpoints.TWEET, author,
                                Map.of("text", TweetTexts.compose(random, List.of(), 1))),
                                response -> probe.expect(http.parse(response.body()).path("id").asString(),
                                        System.nanoTime()));
                    }, 7);
            runs.add(steady);
            visible = probe.finish(Duration.ofSeconds(15));
            if (!probe.misses().isEmpty()) {
                misses.add(run + ": " + probe.misses());
            }
        }
        long posts = steady.type(Bench.POST) == null ? 0 : steady.type(Bench.POST).ok();
        waitForDeliveries(scrape().sum(DELIVERIES), Double.MAX_VALUE, 10);
        PrometheusText lagAfter = scrape();
        return new BenchReport.Steady(run, share, steadyRate, posts,
                1000 * PrometheusText.percentileBetween(lagBefore.buckets(LAG), lagAfter.buckets(LAG), 50),
                1000 * PrometheusText.percentileBetween(lagBefore.buckets(LAG), lagAfter.buckets(LAG), 99),
                visible);
    }

    /**
     * Fan-out writes only into timelines that exist (active readers): one read makes each exist. A read that fails
     * is retried; followers that stay without a timeline are reported, since fan-out skips them by design.
     */
    private String activate(List<SeededUser> followers, List<SeededUser> authors) {
        List<SeededUser> readers = new ArrayList<>(followers);
        readers.addAll(authors);
        AtomicInteger failed = new AtomicInteger();
        Parallel.forEach(readers, 8, "activate timelines", reader -> {
            for (int attempt = 1; attempt <= 3; attempt++) {
                ChirpHttp.Reply reply = http.get(Endpoints.TIMELINE + "/api/v1/timeline/home?limit=1",
                        reader.token());
                if (reply.ok()) {
                    return;
                }
            }
            failed.incrementAndGet();
        });
        return failed.get() == 0 ? "" : String.format("; %,d followers' first timeline read failed three times",
                failed.get());
    }

    /**
     * Posts enough tweets at once (8 in flight) to ask for about {@link #BURST_DELIVERIES} deliveries, at least
     * {@link #BURST_POSTS_PER_AUTHOR} per author; returns how many were accepted.
     */
    private int burst(List<SeededUser> authors, int followers) {
        int perAuthor = (int) Math.max(BURST_POSTS_PER_AUTHOR,
                Math.min(400, BURST_DELIVERIES / ((long) authors.size() * (followers + 1))));
        List<SeededUser> posters = new ArrayList<>();
        for (int i = 0; i < perAuthor; i++) {
            posters.addAll(authors);
        }
        step("fan-out burst: " + posters.size() + " posts at once");
        AtomicInteger accepted = new AtomicInteger();
        Parallel.forEach(posters, 8, "burst posts", author -> {
            if (http.call("POST", Endpoints.TWEET + "/api/v1/tweets", author.token(),
                    Map.of("text", "fan-out burst #bench"), null).ok()) {
                accepted.incrementAndGet();
            }
        });
        return accepted.get();
    }

    /**
     * The follows reach timeline-service's follower projection through Kafka. Probe posts (one per author) until a
     * round is delivered to every follower, or two rounds in a row reach the same number of timelines (the
     * projection has caught up; the rest are inactive), so the measured burst is not mixed with a projection still
     * catching up. Bounded by 90 s.
     */
    private String settle(List<SeededUser> authors, long perPost) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        double previous = -1;
        int rounds = 0;
        while (System.nanoTime() < deadline) {
            double before = scrape().sum(DELIVERIES);
            for (SeededUser author : authors) {
                http.call("POST", Endpoints.TWEET + "/api/v1/tweets", author.token(),
                        Map.of("text", "warming up the fan-out #bench"), null);
            }
            rounds++;
            double wanted = authors.size() * perPost;
            double delivered = waitForDeliveries(before, before + wanted, 20) - before;
            if (delivered >= wanted) {
                return "every follower received the probe posts after " + rounds + " round(s)";
            }
            if (delivered > 0 && delivered == previous) {
                return String.format("the follower projection settled after %d probe rounds at %,.0f of %,.0f "
                        + "timelines per round", rounds, delivered, wanted);
            }
            previous = delivered;
        }
        notes.add("fan-out: the follower projection had not settled after 90 s of probe posts; measured anyway");
        return "follower projection not confirmed settled";
    }

    private double waitForDeliveries(double start, double expected, int maxSeconds) {
        return waitForDeliveries(start, expected, maxSeconds, () -> scrape().sum(DELIVERIES));
    }

    /** Polls the counter until it reaches {@code expected} or has not moved for 1.5 s; returns its last value. */
    private static double waitForDeliveries(double start, double expected, int maxSeconds, DoubleSupplier counter) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        double last = start;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            double now = counter.getAsDouble();
            if (now >= expected) {
                return now;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 1_500_000_000L && now > start) {
                return now;
            }
        }
        return last;
    }

    /** timeline-service's {@code chirp.fanout.deliveries} counter, read alone. */
    private double deliveriesCounted() {
        ChirpHttp.Reply reply = http.get(Endpoints.TIMELINE + "/actuator/metrics/chirp.fanout.deliveries", null);
        if (!reply.ok()) {
            throw reply.failure("read chirp.fanout.deliveries");
        }
        return reply.body().path("measurements").path(0).path("value").asDouble();
    }

    private PrometheusText scrape() {
        return PrometheusText.scrape(http.client(), Endpoints.TIMELINE);
    }

    private static void step(String what) {
        System.err.printf("%n  %s%n", what);
    }
}
