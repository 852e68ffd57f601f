package dev.chirp.bench.services;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.CeilingSearch;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.TweetTexts;
import dev.chirp.shared.security.ServiceToken;

/**
 * tweet-service (issue #4) at port 8082: posting, and the internal batch lookup of 50 IDs that timeline-service and
 * search-service hydrate through, once served from the Redis body cache and once with every body missing from it.
 */
final class TweetServiceBench {

    static final String POST = "post";
    static final String CACHED = "lookup cached";
    static final String UNCACHED = "lookup uncached";

    private static final int IDS_PER_LOOKUP = 50;
    private static final int HOT_POOL = 1_000;
    /** Uncached batches are recycled (see {@link MissingIds}), so a pool far below rate × length × 50 suffices. */
    private static final int POOL_CAP = 50_000;
    private static final double MEDIA_SHARE = 0.3;

    private final ServiceContext ctx;
    private final List<String> notes = new ArrayList<>();
    private final AtomicInteger posts = new AtomicInteger();

    /**
     * The lookups call tweet-service's internal API directly, as a sibling service would: with the deployment's
     * service credential, from the same secret the services were given (./chirp bench passes it on).
     */
    private final ServiceToken serviceToken = ServiceToken.of(System.getenv(ServiceToken.SECRET_ENV),
            Duration.ofSeconds(30), Clock.systemUTC());

    TweetServiceBench(ServiceContext ctx) {
        this.ctx = ctx;
    }

    ServiceResult run() {
        ServicePlan p = ctx.plan;
        List<ServiceResult.Ceiling> ceilings = new ArrayList<>();
        ceilings.add(ctx.ceiling("`POST /api/v1/tweets` (1–2 mentions, 1–2 hashtags, a photo in "
                        + Math.round(MEDIA_SHARE * 100) + " %, an `Idempotency-Key` each)", POST, p.ceiling(30, 1_000),
                (rate, seconds) -> random -> new OpenLoopRun.Call(POST, post(random))));

        ctx.log("collecting tweet IDs from the user timelines of the " + ctx.worldUsers + " seeded accounts");
        List<String> pool = TweetPool.collect(ctx.http, ctx.world, ctx.worldUsers, POOL_CAP);
        if (pool.size() < HOT_POOL) {
            throw new IllegalStateException("only " + pool.size() + " tweets found: seed the world first");
        }
        List<String> hot = pool.subList(0, HOT_POOL);
        ceilings.add(ctx.ceiling("`GET /internal/tweets?ids=…` 50 IDs, cached (from " + HOT_POOL
                + " IDs looked up before each step)", CACHED, p.ceiling(100, 1_000), (rate, seconds) -> {
                    warm(hot);
                    return random -> new OpenLoopRun.Call(CACHED, lookup(sample(hot, random), random));
                }));
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from + IDS_PER_LOOKUP <= pool.size(); from += IDS_PER_LOOKUP) {
            batches.add(pool.subList(from, from + IDS_PER_LOOKUP));
        }
        Map<Double, MissingIds> perStep = new HashMap<>();
        ServiceResult.Ceiling uncached;
        try (TweetCacheKeys cache = new TweetCacheKeys()) {
            checkCacheKeys(cache, batches.get(batches.size() - 1));
            uncached = ctx.ceiling("`GET /internal/tweets?ids=…` 50 IDs, uncached (every body removed from Redis "
                    + "since the ID was last asked)", UNCACHED, p.ceiling(50, 1_000), (rate, seconds) -> {
                        MissingIds ids = new MissingIds(cache, batches);
                        Optional.ofNullable(perStep.put(rate, ids)).ifPresent(MissingIds::close);
                        return random -> {
                            MissingIds.Batch batch = ids.next(random);
                            return new OpenLoopRun.Call(UNCACHED, lookup(batch.ids(), random),
                                    batch.fresh() ? response -> ids.answered(batch.ids()) : null);
                        };
                    });
        } finally {
            perStep.values().forEach(MissingIds::close);
        }
        ceilings.add(uncached);
        notes.add(uncachedNote(uncached.result(), perStep, batches.size() * IDS_PER_LOOKUP));
        notes.add("Both lookups pass a bench user as `viewer`; like counts and `liked_by_me` are cached apart from "
                + "the body, briefly, and the uncached step removes only the bodies (docs/06-detailed-design.md, "
                + "\"Timeline caching and rebuild\").");
        notes.add(String.format("Posts remain (%,d in this run, keys `bsp-%s-<n>`), by bench users, and are fanned "
                + "out and indexed like any other.", posts.get(), ctx.runId));
        List<String> data = List.of(String.format("%,d seeded accounts; requests by the first %,d (bench users); "
                        + "%,d distinct tweet IDs collected from the seeded accounts' user timelines (capped at %,d) "
                        + "for the lookups.", ctx.worldUsers, ctx.plan.users(), pool.size(), POOL_CAP));
        return new ServiceResult("tweet-service", data, List.of(), ceilings, List.copyOf(notes));
    }

    private HttpRequest post(SplittableRandom random) {
        SeededUser author = ctx.anyUser(random);
        List<String> mentions = new ArrayList<>();
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            mentions.add(ctx.anyUser(random).handle());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", TweetTexts.compose(random, mentions, 1 + random.nextInt(2)));
        if (!author.mediaIds().isEmpty() && random.nextDouble() < MEDIA_SHARE) {
            body.put("media_ids", List.of(author.mediaIds().get(random.nextInt(author.mediaIds().size()))));
        }
        return ChirpHttp.request(Endpoints.TWEET + "/api/v1/tweets", author.token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bsp-" + ctx.runId + "-" + posts.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofByteArray(ctx.http.json().writeValueAsBytes(body))).build();
    }

    private HttpRequest lookup(List<String> ids, SplittableRandom random) {
        String target = "/internal/tweets?ids=" + String.join(",", ids) + "&viewer=" + ctx.anyUser(random).id();
        return ChirpHttp.request(Endpoints.TWEET + target, null)
                .header(ServiceToken.HEADER, serviceToken.issue("GET", target)).GET().build();
    }

    /** Looks every hot ID up once, so that the cached step finds all their bodies in Redis. */
    private void warm(List<String> hot) {
        SplittableRandom random = new SplittableRandom(1);
        for (int from = 0; from < hot.size(); from += IDS_PER_LOOKUP) {
            ChirpHttp.Reply reply = ctx.http.send(lookup(hot.subList(from, Math.min(hot.size(),
                    from + IDS_PER_LOOKUP)), random));
            if (!reply.ok()) {
                throw reply.failure("warming the hot pool");
            }
        }
    }

    private static List<String> sample(List<String> hot, SplittableRandom random) {
        Set<String> ids = new HashSet<>();
        while (ids.size() < IDS_PER_LOOKUP) {
            ids.add(hot.get(random.nextInt(hot.size())));
        }
        return List.copyOf(ids);
    }

    private static String uncachedNote(CeilingSearch.Result result, Map<Double, MissingIds> perStep, int pool) {
        String atCeiling = result.ceiling().map(step -> {
            long lookups = step.stats().count();
            return String.format("the step at the ceiling made %,d lookups, %,d ID reads over %,d distinct IDs",
                    lookups, lookups * IDS_PER_LOOKUP, Math.min(pool, lookups * IDS_PER_LOOKUP));
        }).orElse("no step held");
        String stale = result.steps().stream().map(step -> CeilingSearch.rate(step.offered()) + "/s: "
                + Optional.ofNullable(perStep.get(step.offered())).map(MissingIds::stale).orElse(0L))
                .collect(Collectors.joining(", "));
        return String.format("Uncached: the bodies (`%s`) of the whole pool of %,d IDs were removed before each "
                + "step, and a batch of 50 went back into rotation only after its lookup had answered and its "
                + "bodies were removed again, so every ID a lookup asked was a cache miss: %s. Lookups that found "
                + "no such batch ready (every batch in flight: overload) and re-asked recent IDs instead, per "
                + "step: %s.", TweetCacheKeys.keyPattern(), pool, atCeiling, stale);
    }

    /**
     * Batches of 50 pool IDs none of whose bodies is cached. A step starts with every body of the pool removed; a
     * batch asked once goes back into rotation only after its lookup answered (tweet-service fills the cache before
     * it answers) and its bodies were removed again: every 100 ms on a thread of its own, or at once when no batch
     * is ready. Should none be ready even then (every batch in flight: overload), a random batch is asked again,
     * counted as stale, and not recycled a second time.
     */
    private static final class MissingIds implements AutoCloseable {

        /** IDs to ask; not fresh = asked again without recycling (overload). */
        record Batch(List<String> ids, boolean fresh) {
        }

        private final TweetCacheKeys cache;
        private final List<List<String>> batches;
        private final Queue<List<String>> ready = new ConcurrentLinkedQueue<>();
        private final Queue<List<String>> answered = new ConcurrentLinkedQueue<>();
        private final AtomicLong stale = new AtomicLong();
        private final Thread recycler;

        MissingIds(TweetCacheKeys cache, List<List<String>> batches) {
            this.cache = cache;
            this.batches = batches;
            cache.remove(batches.stream().flatMap(List::stream).toList());
            ready.addAll(batches);
            recycler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(100);
                        recycle();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "uncached-recycler");
            recycler.setDaemon(true);
            recycler.start();
        }

        Batch next(SplittableRandom random) {
            List<String> batch = ready.poll();
            if (batch == null) {
                recycle();
                batch = ready.poll();
            }
            if (batch == null) {
                stale.incrementAndGet();
                return new Batch(batches.get(random.nextInt(batches.size())), false);
            }
            return new Batch(batch, true);
        }

        void answered(List<String> batch) {
            answered.add(batch);
        }

        long stale() {
            return stale.get();
        }

        private synchronized void recycle() {
            List<List<String>> done = new ArrayList<>();
            for (List<String> batch = answered.poll(); batch != null; batch = answered.poll()) {
                done.add(batch);
            }
            if (!done.isEmpty()) {
                cache.remove(done.stream().flatMap(List::stream).toList());
                ready.addAll(done);
            }
        }

        @Override
        public void close() {
            recycler.interrupt();
        }
    }

    /**
     * Proves the key naming the uncached step relies on: removed bodies are absent, and one lookup puts them back.
     * Were the prefix wrong, removing would change nothing and "uncached" would be cached: said in the notes.
     */
    private void checkCacheKeys(TweetCacheKeys cache, List<String> sample) {
        cache.remove(sample);
        long before = cache.cached(sample);
        ChirpHttp.Reply reply = ctx.http.send(lookup(sample, new SplittableRandom(2)));
        long after = cache.cached(sample);
        Optional<String> problem = Optional.empty();
        if (!reply.ok()) {
            problem = Optional.of("the check lookup answered " + reply.status());
        } else if (before != 0 || after == 0) {
            problem = Optional.of(String.format("%d of 50 removed bodies were still cached and %d were cached after "
                    + "a lookup: the key pattern %s does not match tweet-service's", before, after,
                    TweetCacheKeys.keyPattern()));
        }
        problem.ifPresentOrElse(p -> notes.add("**The uncached row may not be uncached:** " + p + "."),
                () -> System.err.printf("  cache keys checked: 0 of 50 cached after removal, %d after one lookup%n",
                        after));
    }
}
