package dev.chirp.bench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.report.BenchReport;
import dev.chirp.bench.world.Accounts;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.TweetTexts;
import dev.chirp.bench.world.World;

/**
 * Fan-out on write, measured where it happens: a few authors ({@code bench_fan_01}…) followed by the bench users
 * (follows sent directly to user-service), whose home timelines are made active by one read each, post a burst at a
 * fixed rate directly at tweet-service. timeline-service's Prometheus counter {@code chirp_fanout_deliveries_total}
 * (sampled every 100 ms) gives the deliveries and their rate, its {@code chirp_fanout_lag_seconds} histogram the
 * event-to-delivered lag, and a {@link VisibilityProbe} the post-to-visible lag one follower sees.
 */
final class FanOutWorkload {

    private static final String DELIVERIES = "chirp_fanout_deliveries_total";
    private static final String LAG = "chirp_fanout_lag_seconds";

    private record Sample(long nanos, double value) {
    }

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

    BenchReport.FanOut run(BenchPlan plan, List<SeededUser> users, int followerCount) {
        Accounts accounts = new Accounts(http, world);
        List<SeededUser> authors = new ArrayList<>();
        for (int i = 1; i <= plan.fanOutAuthors(); i++) {
            authors.add(accounts.ensure(String.format("bench_fan_%02d", i), "Fan-out author " + i).user());
        }
        world.save();
        List<SeededUser> followers = users.subList(0, followerCount);
        List<SeededUser[]> follows = new ArrayList<>();
        for (SeededUser author : authors) {
            // An earlier bench made these follows already (they are never undone): skip the round trips.
            long has = http.get(Endpoints.USER + "/api/v1/users/" + author.id(), null).body()
                    .path("followers_count").asLong();
            if (has != followerCount) {
                followers.forEach(follower -> follows.add(new SeededUser[] {follower, author}));
            }
        }
        Parallel.forEach(follows, 16, "fan-out follows", pair -> {
            ChirpHttp.Reply reply = http.call("PUT", Endpoints.USER + "/api/v1/users/" + pair[1].id() + "/follow",
                    pair[0].token(), null, null);
            if (!reply.ok()) {
                throw reply.failure(pair[0].handle() + " follows " + pair[1].handle());
            }
        });
        // Fan-out writes only into timelines that exist (active readers): one read makes each exist.
        List<SeededUser> readers = new ArrayList<>(followers);
        readers.addAll(authors);
        Parallel.forEach(readers, 8, "activate timelines", follower ->
                http.get(Endpoints.TIMELINE + "/api/v1/timeline/home?limit=1", follower.token()));
        long perPost = followerCount + 1L;
        String settled = settle(authors, perPost);

        PrometheusText before = scrape();
        double start = before.sum(DELIVERIES);
        List<Sample> samples = new CopyOnWriteArrayList<>();
        Thread sampler = sampler(samples);
        OpenLoopRun.Result result;
        try (VisibilityProbe probe = new VisibilityProbe(http)) {
            result = generator.run(Bench.FAN_OUT, plan.fanOutPostRate(), Duration.ofSeconds(plan.fanOutSeconds()),
                    random -> {
                        SeededUser author = authors.get(random.nextInt(authors.size()));
                        SeededUser watcher = followers.get(random.nextInt(followers.size()));
                        return new OpenLoopRun.Call(Bench.POST, requests.plainPost(Endpoints.TWEET, author,
                                Map.of("text", TweetTexts.compose(random, List.of(), 1))),
                                response -> probe.watch(http.parse(response.body()).path("id").asString(),
                                        watcher.token(), System.nanoTime()));
                    }, 7);
            runs.add(result);
            long posts = result.type(Bench.POST) == null ? 0 : result.type(Bench.POST).ok();
            long expected = posts * perPost;
            waitForDeliveries(start, start + expected, 60);
            sampler.interrupt();
            PrometheusText after = scrape();
            double end = after.sum(DELIVERIES);
            double first = Double.NaN;
            double last = Double.NaN;
            for (Sample sample : samples) {
                if (Double.isNaN(first) && sample.value() > start) {
                    first = sample.nanos();
                }
                if (Double.isNaN(last) && sample.value() >= end) {
                    last = sample.nanos();
                }
            }
            double drain = Double.isNaN(first) || Double.isNaN(last) ? Double.NaN
                    : Math.max(0.1, (last - first) / 1e9);
            var lagBefore = before.buckets(LAG);
            var lagAfter = after.buckets(LAG);
            String note = settled + (end - start < expected
                    ? String.format("; %,d of %,d expected deliveries counted (inactive or not yet projected "
                    + "followers are skipped by design)", (long) (end - start), expected) : "");
            return new BenchReport.FanOut(authors.size(), followerCount, posts, (long) (end - start), expected,
                    Double.isNaN(drain) ? 0 : (end - start) / drain, Double.isNaN(drain) ? 0 : drain,
                    1000 * PrometheusText.percentileBetween(lagBefore, lagAfter, 50),
                    1000 * PrometheusText.percentileBetween(lagBefore, lagAfter, 99), probe.finish(), note);
        } finally {
            sampler.interrupt();
        }
    }

    /**
     * The follows reach timeline-service's follower projection through Kafka. Probe posts (one per author) until a
     * round is delivered to every follower, or two rounds in a row reach the same number of timelines (the
     * projection has caught up; the rest are inactive), so the measured burst is not mixed with a projection still
     * catching up. Bounded by 45 s.
     */
    private String settle(List<SeededUser> authors, long perPost) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
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
            double delivered = waitForDeliveries(before, before + wanted, 6) - before;
            if (delivered >= wanted) {
                return "every follower received the probe posts after " + rounds + " round(s)";
            }
            if (delivered > 0 && delivered == previous) {
                return String.format("the follower projection settled after %d probe rounds at %,.0f of %,.0f "
                        + "timelines per round", rounds, delivered, wanted);
            }
            previous = delivered;
        }
        notes.add("fan-out: the follower projection had not settled after 45 s of probe posts; measured anyway");
        return "follower projection not confirmed settled";
    }

    /** Polls the counter until it reaches {@code expected} or has not moved for 1.5 s; returns its last value. */
    private double waitForDeliveries(double start, double expected, int maxSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        double last = start;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            double now = scrape().sum(DELIVERIES);
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

    private Thread sampler(List<Sample> samples) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    samples.add(new Sample(System.nanoTime(), scrape().sum(DELIVERIES)));
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // one failed scrape: the next one counts
                }
            }
        }, "fanout-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private PrometheusText scrape() {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(Endpoints.TIMELINE
                    + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).GET().build();
            var response = http.client().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return PrometheusText.parse(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read timeline-service's metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
