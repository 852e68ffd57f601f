package dev.chirp.bench.services;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.baseline.ElasticsearchBulkBaseline;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.http.ElasticsearchRest;
import dev.chirp.bench.load.CounterSampler;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.workload.Requests;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.TweetTexts;

/**
 * search-service (issue #7) at port 8084, in four phases: (1) the index is topped up to the plan's size by posting at
 * tweet-service, or gets a burst of fresh posts, with lag probes meanwhile (indexing while the posts come as fast as
 * tweet-service takes them); (2) a second search-service rebuilds its own index from the topics
 * ({@link IndexRebuild}: indexing throughput with no posting rate in front of it), beside a raw {@code _bulk}
 * baseline of as many documents; (3) posts at a steady, moderate rate with lag probes (the API's "searchable within
 * 2 s" at a rate the service keeps up with); (4) search latency and ceiling over the index.
 */
final class SearchServiceBench {

    static final String SEARCH = "search";

    /** The index search-service writes tweets to (its README: {@code <prefix>tweets}). */
    static final String INDEX = Endpoints.TWEET_INDEX;
    /** Posts in flight during a top-up or burst. */
    static final int CONCURRENCY = 32;
    private static final Duration PROBE_EVERY = Duration.ofMillis(250);
    private static final Duration POLL_EVERY = Duration.ofMillis(50);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    /** docs/03-api.md: a new tweet is searchable within 2 s. */
    static final Duration PROMISE = Duration.ofSeconds(2);
    /** The steady phase posts at half the burst's posting rate, at most this. */
    static final double STEADY_MAX_RATE = 40;
    private static final String STEADY_POST = "post (steady)";
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
     * @param searches        searches the probes sent while polling
     */
    record Indexing(String how, long countBefore, long countAfter, long expected, long posted, double postSeconds,
                    double indexSeconds, TypeStats lag, int probes, long searches) {

        double postsPerSecond() {
            return postSeconds > 0 ? posted / postSeconds : 0;
        }

        double indexedPerSecond() {
            return indexSeconds > 0 ? (countAfter - countBefore) / indexSeconds : 0;
        }
    }

    /**
     * Posts at a fixed rate while probes measure the lag.
     *
     * @param rate        posts/s offered (Poisson arrivals, open loop), besides the probes' 4/s
     * @param posts       the posts' latencies and errors
     * @param lag         post answered → found by a search, per probe; errors = not found within 30 s
     * @param probes      probes posted
     * @param overPromise probes found, but only after {@link #PROMISE}
     * @param searches    searches the probes sent while polling
     */
    record Steady(double rate, int seconds, TypeStats posts, TypeStats lag, int probes, long overPromise,
                  long searches) {
    }

    private final ServiceContext ctx;
    private final ElasticsearchRest elasticsearch;
    private final List<String> notes = new ArrayList<>();

    SearchServiceBench(ServiceContext ctx) {
        this.ctx = ctx;
        this.elasticsearch = new ElasticsearchRest(ctx.http);
    }

    ServiceResult run() {
        Indexing indexing = index();
        long serving = count();
        IndexRebuild.Result rebuild = new IndexRebuild(ctx, elasticsearch).run(serving,
                Duration.ofSeconds(ctx.plan.rebuildLimitSeconds()));
        if (!rebuild.problem().isEmpty()) {
            notes.add("The index rebuild was not measured: " + rebuild.problem());
        } else {
            notes.add(String.format(Locale.ROOT, "Rebuild rate: from the first `_count` reading at or above %.0f %% "
                    + "of the final count to the first at or above %.0f %%, so that the JVM's start-up and the "
                    + "consumer groups' join before it and the tail after it do not count. The count is read every "
                    + "200 ms and moves at each refresh, so either end may be off by up to a second. The instance "
                    + "runs `search-service/target/search-service.jar` as `./chirp` runs services (-Xmx256m, but the "
                    + "full JIT unless `CHIRP_SERVICE_JAVA_OPTS` is set), replays `chirp.users` and counts trends at "
                    + "the same time, on the same cores as the serving system (idle meanwhile).",
                    100 * IndexRebuild.FROM, 100 * IndexRebuild.TO));
        }
        if (!rebuild.cleanup().isEmpty()) {
            notes.add("Rebuild clean-up: " + String.join("; ", rebuild.cleanup()) + ".");
        }
        ElasticsearchBulkBaseline.Result bulk = bulkBaseline(rebuild.indexed() > 0 ? rebuild.indexed() : serving);
        Steady steady = steady(indexing);
        long size = count();
        ServiceResult.Ceiling search = ctx.ceiling(String.format("`GET /api/v1/search/tweets?q=…&limit=10` over "
                + "%,d tweets (words 50 %%, #hashtags 30 %%, from:handle 20 %%)", size), SEARCH,
                ctx.plan.ceiling(40, 1_000), (rate, seconds) -> random -> new OpenLoopRun.Call(SEARCH,
                        ctx.requests.search(Endpoints.SEARCH, ctx.anyUser(random),
                                Requests.searchQuery(random, ctx.users()))));
        notes.add("Lag probes: a probe's lag runs from its post's 201 to the end of the first search that finds it "
                + "(at 8084, every 50 ms, on 4 polling threads shared by the probes in flight). When search-service "
                + "answers slowly (see the ceiling table), each lag includes that search's time and each probe is "
                + "polled less often than every 50 ms: the searches each phase sent are shown beside its lag.");
        notes.add("Searches are sent with a bench user's token (hits are hydrated through tweet-service with that "
                + "viewer); the query mix is the system bench's (`Requests.searchQuery`).");
        List<String> data = List.of(String.format("Index `%s`: **%,d tweets** when the search steps ran (%,d "
                        + "before this run; `--search-tweets %d`). Posts by bench users drawn from the first %,d "
                        + "seeded accounts.", INDEX, size, indexing.countBefore(), ctx.plan.searchTweets(),
                ctx.plan.users()));
        return new ServiceResult("search-service", data,
                List.of(ServiceReadme.indexing(indexing, rebuild, bulk, steady)), List.of(search), List.copyOf(notes));
    }

    /** As many synthetic documents as the rebuild indexed, bulked straight into a scratch index; null on failure. */
    private ElasticsearchBulkBaseline.Result bulkBaseline(long documents) {
        String index = "bench-bulk-" + ctx.runId;
        ctx.log(String.format(Locale.ROOT, "Elasticsearch baseline: %,d documents in _bulk requests of %d into `%s`",
                documents, ElasticsearchBulkBaseline.PER_BULK, index));
        try {
            ElasticsearchBulkBaseline.Result result = ElasticsearchBulkBaseline.measure(elasticsearch,
                    ctx.http.json(), index, elasticsearch.mappings(INDEX), documents, ctx.nextSeed());
            System.err.printf(Locale.ROOT, "  → %,.0f docs/s%n", result.perSecond());
            notes.add("Elasticsearch baseline: the documents are made beforehand; the time runs from the first bulk "
                    + "sent to the last answered, one bulk in flight as search-service's tweet listener has (one bulk "
                    + "per poll of up to 500 records); the index `" + index + "` is deleted afterwards.");
            return result;
        } catch (RuntimeException e) {
            notes.add("The Elasticsearch bulk baseline failed: " + e.getMessage());
            return null;
        }
    }

    /**
     * Posts at half phase 1's posting rate (at most {@link #STEADY_MAX_RATE}), open loop, for the plan's steady
     * length, with a lag probe every 250 ms throughout.
     */
    private Steady steady(Indexing indexing) {
        double rate = steadyRate(indexing.postsPerSecond());
        int seconds = ctx.plan.steadySeconds();
        int probes = (int) (TimeUnit.SECONDS.toMillis(seconds) / PROBE_EVERY.toMillis());
        ctx.log(String.format(Locale.ROOT, "steady: %.1f posts/s for %d s (half the %s's %.0f posts/s, at most %.0f), "
                + "%d lag probes", rate, seconds, indexing.how(), indexing.postsPerSecond(), STEADY_MAX_RATE, probes));
        AtomicInteger next = new AtomicInteger();
        SearchLagProbe probe = new SearchLagProbe(ctx.http, GIVE_UP, POLL_EVERY);
        Thread prober = prober(probe, probes);
        try {
            OpenLoopRun.Result run = ctx.fixedRate("search steady", rate, seconds, random -> {
                return new OpenLoopRun.Call(STEADY_POST, ctx.requests.plainPost(Endpoints.TWEET, ctx.anyUser(random),
                        Map.of("text", TweetTexts.compose(random, List.of(), random.nextInt(3))),
                        "bench-steady-" + ctx.runId + "-" + next.getAndIncrement()));
            });
            prober.join(TimeUnit.MINUTES.toMillis(2));
            TypeStats lag = probe.finish();
            return new Steady(rate, seconds, run.type(STEADY_POST), lag, probe.posted(), probe.over(PROMISE),
                    probe.searches());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            prober.interrupt();
            probe.close();
        }
    }

    /** Half the burst's (or top-up's) posting rate, to a tenth, at least 1/s and at most {@link #STEADY_MAX_RATE}. */
    static double steadyRate(double postsPerSecond) {
        return Math.max(1, Math.min(STEADY_MAX_RATE, Math.round(postsPerSecond / 2 * 10) / 10.0));
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
        Thread prober = prober(probe, ctx.plan.lagProbes());
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
                    postSeconds, (reached.nanos() - first) / 1e9, lag, probe.posted(), probe.searches());
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

    /** Posts {@code count} lag probes, one every 250 ms (at fixed instants: a slow post does not push the rest). */
    private Thread prober(SearchLagProbe probe, int count) {
        long seed = ctx.nextSeed();
        Thread thread = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            long start = System.nanoTime();
            for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
                probe.post(ctx.anyUser(random), "lag" + ctx.runId + Long.toString(random.nextLong(1L << 40), 36));
                LockSupport.parkNanos(start + (i + 1) * PROBE_EVERY.toNanos() - System.nanoTime());
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
            CounterSampler.Sample firstAtLast = sampler.firstAtLatest();
            if (firstAtLast.value() >= expected || System.nanoTime() - firstAtLast.nanos() > 15_000_000_000L) {
                return firstAtLast;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return sampler.firstAtLatest();
    }

    /** Documents in the tweet index, from Elasticsearch itself. */
    private long count() {
        return elasticsearch.count(INDEX);
    }
}
