package dev.chirp.bench.services;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.CounterSampler;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.workload.Requests;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.TweetTexts;

/**
 * search-service (issue #7) at port 8084: how many tweets the index holds (topped up to the plan's size by posting
 * at tweet-service), how fast new tweets get indexed, how long until a new tweet is found, and search latency and
 * ceiling over that index.
 */
final class SearchServiceBench {

    static final String SEARCH = "search";

    /** The index search-service writes tweets to (its README: {@code <prefix>tweets}). */
    static final String INDEX = System.getenv().getOrDefault("CHIRP_SEARCH_INDEXPREFIX", "chirp-") + "tweets";
    /** Posts in flight during a top-up or burst. */
    static final int CONCURRENCY = 32;
    private static final Duration PROBE_EVERY = Duration.ofMillis(250);
    private static final Duration POLL_EVERY = Duration.ofMillis(50);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    /** After the last post, how long the index may take to count every new tweet. */
    private static final Duration INDEX_WAIT = Duration.ofSeconds(120);

    /**
     * What indexing did while this run posted.
     *
     * @param how             "top-up" (the index had fewer tweets than the plan) or "burst"
     * @param posted          tweets the posts created (a replayed top-up key creates none)
     * @param postSeconds     first post sent → last post answered
     * @param indexSeconds    first post sent → the count reached its expected value (or stopped growing)
     * @param lag             post answered → found by a search, per probe; errors = not found within 30 s
     */
    record Indexing(String how, long countBefore, long countAfter, long expected, long posted, double postSeconds,
                    double indexSeconds, TypeStats lag, int probes) {

        double postsPerSecond() {
            return postSeconds > 0 ? posted / postSeconds : 0;
        }

        double indexedPerSecond() {
            return indexSeconds > 0 ? (countAfter - countBefore) / indexSeconds : 0;
        }
    }

    private final ServiceContext ctx;
    private final List<String> notes = new ArrayList<>();

    SearchServiceBench(ServiceContext ctx) {
        this.ctx = ctx;
    }

    ServiceResult run() {
        Indexing indexing = index();
        long size = count();
        ServiceResult.Ceiling search = ctx.ceiling(String.format("`GET /api/v1/search/tweets?q=…&limit=10` over "
                + "%,d tweets (words 50 %%, #hashtags 30 %%, from:handle 20 %%)", size), SEARCH,
                ctx.plan.ceiling(40, 1_000), (rate, seconds) -> random -> new OpenLoopRun.Call(SEARCH,
                        ctx.requests.search(Endpoints.SEARCH, ctx.anyUser(random),
                                Requests.searchQuery(random, ctx.users()))));
        notes.add("Searches are sent with a bench user's token (hits are hydrated through tweet-service with that "
                + "viewer); the query mix is the system bench's (`Requests.searchQuery`).");
        List<String> data = List.of(String.format("Index `%s`: **%,d tweets** when the search steps ran (%,d "
                        + "before this run; `--search-tweets %d`). Posts by bench users drawn from the first %,d "
                        + "seeded accounts.", INDEX, size, indexing.countBefore(), ctx.plan.searchTweets(),
                ctx.plan.users()));
        return new ServiceResult("search-service", data, List.of(ServiceReadme.indexing(indexing)), List.of(search),
                List.copyOf(notes));
    }

    /**
     * Tops the index up to the plan's size (deterministic keys {@code bench-idx-<n>} by bench user n mod users, so
     * that re-running with the same {@code --users} creates nothing twice), or posts a burst of fresh tweets when
     * it is big enough; meanwhile samples the index count and measures the lag of probe tweets.
     */
    private Indexing index() {
        long before = count();
        long wanted = ctx.plan.searchTweets() - before;
        boolean topUp = wanted > 0;
        ctx.log(topUp ? String.format("topping the index up from %,d to %,d tweets (%d posts in flight)", before,
                ctx.plan.searchTweets(), CONCURRENCY) : String.format("index has %,d tweets (≥ %,d): a burst of %,d "
                + "posts", before, ctx.plan.searchTweets(), ctx.plan.burstPosts()));
        CounterSampler sampler = new CounterSampler("index-count", Duration.ofMillis(200), this::count);
        long first = System.nanoTime();
        Instant startedAt = Instant.now().minusSeconds(1);
        AtomicLong created = new AtomicLong();
        SearchLagProbe probe = new SearchLagProbe(ctx.http, GIVE_UP, POLL_EVERY);
        Thread prober = prober(probe);
        try {
            if (topUp) {
                // Keys replayed from an earlier run create nothing: go on until enough posts were new ones.
                int next = 0;
                while (created.get() < wanted) {
                    int round = (int) Math.min(wanted - created.get(), 50_000);
                    List<Integer> keys = IntStream.range(next, next + round).boxed().toList();
                    next += round;
                    Parallel.forEach(keys, CONCURRENCY, "index top-up", n -> {
                        if (post(n, "bench-idx-" + n).isAfter(startedAt)) {
                            created.incrementAndGet();
                        }
                    });
                }
            } else {
                List<Integer> keys = IntStream.range(0, ctx.plan.burstPosts()).boxed().toList();
                Parallel.forEach(keys, CONCURRENCY, "burst", n -> {
                    post(n, "bench-burst-" + ctx.runId + "-" + n);
                    created.incrementAndGet();
                });
            }
            double postSeconds = (System.nanoTime() - first) / 1e9;
            prober.join(TimeUnit.MINUTES.toMillis(2));
            long expected = before + created.get() + probe.posted();
            CounterSampler.Sample reached = waitForCount(sampler, expected);
            TypeStats lag = probe.finish();
            long reachedCount = (long) reached.value();
            if (reachedCount < expected) {
                notes.add(String.format("The index counted %,d of the %,d tweets expected within %d s of the last "
                        + "post: indexing throughput is measured up to the last increase.", reachedCount, expected,
                        INDEX_WAIT.toSeconds()));
            }
            return new Indexing(topUp ? "top-up" : "burst", before, reachedCount, expected, created.get(),
                    postSeconds, (reached.nanos() - first) / 1e9, lag, probe.posted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            sampler.close();
            prober.interrupt();
            probe.close();
        }
    }

    /** Posts tweet {@code n} with this key directly at tweet-service; returns its {@code created_at}. */
    private Instant post(int n, String key) {
        SplittableRandom random = new SplittableRandom(n);
        SeededUser author = ctx.users().get(n % ctx.users().size());
        ChirpHttp.Reply reply = ctx.http.call("POST", Endpoints.TWEET + "/api/v1/tweets", author.token(),
                Map.of("text", TweetTexts.compose(random, List.of(), random.nextInt(3))), key);
        if (!reply.ok()) {
            throw reply.failure("post " + key);
        }
        return Instant.parse(reply.text("created_at"));
    }

    /** Posts the lag probes, one every 250 ms, while the top-up or burst runs. */
    private Thread prober(SearchLagProbe probe) {
        Thread thread = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(ctx.nextSeed());
            for (int i = 0; i < ctx.plan.lagProbes() && !Thread.currentThread().isInterrupted(); i++) {
                probe.post(ctx.anyUser(random), "lag" + ctx.runId + Long.toString(random.nextLong(1L << 40), 36));
                LockSupport.parkNanos(PROBE_EVERY.toNanos());
            }
        }, "lag-probes");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits until the sampled count reaches {@code expected}, or has not grown for 15 s, or {@link #INDEX_WAIT} is
     * over; returns the first sample at the final count (when indexing reached it).
     */
    private static CounterSampler.Sample waitForCount(CounterSampler sampler, long expected) {
        long deadline = System.nanoTime() + INDEX_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            CounterSampler.Sample firstAtLast = firstAtLatest(sampler);
            if (firstAtLast.value() >= expected || System.nanoTime() - firstAtLast.nanos() > 15_000_000_000L) {
                return firstAtLast;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return firstAtLatest(sampler);
    }

    /** The first sample at the latest count: when the count stopped growing, so far. */
    private static CounterSampler.Sample firstAtLatest(CounterSampler sampler) {
        double latest = sampler.latest().map(CounterSampler.Sample::value).orElse(0.0);
        return sampler.firstReaching(latest).orElse(new CounterSampler.Sample(System.nanoTime(), latest));
    }

    /** Documents in the tweet index, from Elasticsearch itself. */
    private long count() {
        try {
            HttpResponse<byte[]> response = ctx.http.client().send(HttpRequest.newBuilder(
                            URI.create(Endpoints.ELASTICSEARCH + "/" + URLEncoder.encode(INDEX, StandardCharsets.UTF_8)
                                    + "/_count")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Elasticsearch _count of " + INDEX + " answered "
                        + response.statusCode());
            }
            return ctx.http.parse(response.body()).path("count").asLong();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Elasticsearch at " + Endpoints.ELASTICSEARCH + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
