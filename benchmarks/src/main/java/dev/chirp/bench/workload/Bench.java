package dev.chirp.bench.workload;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.baseline.BareHttpServer;
import dev.chirp.bench.baseline.KafkaBaseline;
import dev.chirp.bench.baseline.RedisBaseline;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.LatencyTimeline;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.report.BenchReport;
import dev.chirp.bench.world.BenchUsers;
import dev.chirp.bench.world.FollowerPlan;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.TweetTexts;
import dev.chirp.bench.world.World;
import dev.chirp.bench.world.WorldSeeder;

/**
 * One bench: prepares the data set (seeding what is missing), runs every workload and baseline in turn, and returns
 * what it measured. A workload that fails is reported as such; the others still run.
 */
public final class Bench {

    public static final String BARE = "bare HTTP baseline";
    public static final String MIX = "social mix (gateway)";
    public static final String DIRECT = "home, timeline-service direct";
    public static final String VIA_GATEWAY = "home, through the gateway";
    public static final String SEARCH = "search (gateway)";
    /** The steady fan-out phase at half the burst's capacity (also the posting rate set beside Kafka's). */
    public static final String FAN_OUT = "fan-out posts";
    public static final String FAN_OUT_QUARTER = "fan-out posts at ¼";
    public static final String CELEBRITY = "celebrity posting";
    public static final String SWEEP = "sweep";
    public static final String HOME = "home timeline";
    public static final String USER_TIMELINE = "user timeline";
    public static final String POST = "post";
    public static final String CELEBRITY_POST = "celebrity post";

    private static final double SLA_MILLIS = 200;

    private final BenchPlan plan;
    private final long celebrityThreshold;
    private final String command;
    private final ChirpHttp http = new ChirpHttp();
    private final Requests requests = new Requests(http.json());
    private final long start = System.nanoTime();
    private final LatencyTimeline timeline = new LatencyTimeline(start);
    private final OpenLoopRun generator = new OpenLoopRun(http.client(), timeline);
    private final List<OpenLoopRun.Result> runs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private World world;
    private List<SeededUser> users;
    private long seed = 1;

    /**
     * @param celebrityThreshold used only when timeline-service does not export its own
     *                           ({@code chirp_timeline_celebrity_threshold}), which is what decides
     */
    public Bench(BenchPlan plan, long celebrityThreshold, String command) {
        this.plan = plan;
        this.celebrityThreshold = runningThreshold(http, celebrityThreshold);
        this.command = command;
    }

    public BenchReport run() {
        String startedAt = Instant.now().toString();
        step("preparing the data set");
        world = World.load(World.defaultFile(), http);
        String seeded = ensureWorld();
        users = BenchUsers.prepare(http, world, plan.users(), plan.mediaPerUser());
        byte[] page = capturePage();
        int mediaRefs = users.stream().mapToInt(u -> Math.min(4, u.mediaIds().size())).max().orElse(0);
        int worldUsers = world.seededUsers();
        BenchReport.DataSet data = new BenchReport.DataSet(worldUsers, users.size(),
                new FollowerPlan(worldUsers, 1.0, WorldSeeder.DEFAULT_SEED).totalFollows(), celebrityThreshold,
                page.length, mediaRefs, seeded);

        guarded("warm-up", this::warmUp);
        guarded("bare HTTP baseline", () -> bare(page, plan.mixRate(), BARE));
        guarded("social mix", this::socialMix);
        guarded("gateway overhead", this::gatewayOverhead);
        guarded("search", this::search);
        BenchReport.FanOut fanOut = guarded("fan-out", this::fanOut);
        BenchReport.Celebrity celebrity = guarded("celebrity", this::celebrity);
        BenchReport.Sweep sweep = guarded("rate sweep", this::sweep);
        if (sweep != null && !sweep.steps().isEmpty()) {
            double top = sweep.steps().get(sweep.steps().size() - 1).rate();
            guarded("bare HTTP at the sweep's top rate", () -> bare(page, top, BARE + " at " + (int) top + "/s"));
        }
        step("Redis baseline (redis-benchmark)");
        RedisBaseline.Result redis = guarded("redis baseline", () -> RedisBaseline.measure(plan.redisRequests()));
        step("Kafka baseline (ProducerPerformance)");
        KafkaBaseline.Result kafka = guarded("kafka baseline", () -> KafkaBaseline.measure(plan.kafkaRecords()));
        return new BenchReport(command, startedAt, (System.nanoTime() - start) / 1e9, plan, Machine.current(), data,
                List.copyOf(runs), sweep, fanOut, celebrity, redis, kafka, null, List.copyOf(notes));
    }

    public LatencyTimeline timeline() {
        return timeline;
    }

    // ---- data set ------------------------------------------------------------------------------------------------

    private String ensureWorld() {
        int have = world.seededUsers();
        if (have >= plan.users()) {
            return "made by ./chirp seed";
        }
        step("seeding " + plan.users() + " accounts (the world has " + have + ")");
        WorldSeeder.Summary summary = new WorldSeeder(http, world, new WorldSeeder.Settings(plan.users(),
                plan.seedTweetsPerUser(), 2, 0, 16, 1.0, celebrityThreshold, WorldSeeder.DEFAULT_SEED)).run();
        return String.format("seeded by this bench: %d accounts, %d follows, %d tweets, %d replies, %d likes in %.0f s",
                summary.users(), summary.follows(), summary.tweets(), summary.replies(), summary.likes(),
                summary.totalSeconds());
    }

    /** The largest of a few real home-timeline pages: what the bare baseline serves. */
    private byte[] capturePage() {
        byte[] largest = new byte[0];
        for (int i = 0; i < Math.min(5, users.size()); i++) {
            try {
                HttpResponse<byte[]> response = http.client().send(
                        requests.homeTimeline(Endpoints.GATEWAY, users.get(i)), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200 && response.body().length > largest.length) {
                    largest = response.body();
                }
            } catch (java.io.IOException e) {
                notes.add("capturing a page failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return largest;
    }

    // ---- workloads -------------------------------------------------------------------------------------------------

    private OpenLoopRun.Result load(String name, double rate, int seconds, OpenLoopRun.Source source) {
        OpenLoopRun.Result result = generator.run(name, rate, Duration.ofSeconds(seconds), source, seed++);
        runs.add(result);
        return result;
    }

    private SeededUser anyUser(SplittableRandom random) {
        return users.get(random.nextInt(users.size()));
    }

    private Object bare(byte[] page, double rate, String name) {
        step(name + " (" + rate + "/s): a JDK HttpServer returning a " + page.length + "-byte page");
        try (BareHttpServer server = new BareHttpServer(page)) {
            String url = server.url();
            load(name, rate, plan.stepSeconds(), random -> new OpenLoopRun.Call("bare page",
                    ChirpHttp.request(url, null).GET().build()));
        }
        return null;
    }

    /** The JIT and the caches of a just-started system would otherwise make the first run look worse than it is. */
    private Object warmUp() {
        step("warm-up: the social mix for " + plan.warmUpSeconds() + " s (not reported)");
        generator.run("warm-up (not reported)", plan.mixRate(), Duration.ofSeconds(plan.warmUpSeconds()),
                mix(), seed++);
        return null;
    }

    private Object socialMix() {
        step("social mix (60 % home, 30 % user timeline, 10 % posts) at " + plan.mixRate() + "/s");
        load(MIX, plan.mixRate(), plan.mixSeconds(), mix());
        return null;
    }

    private OpenLoopRun.Source mix() {
        return random -> {
            SeededUser user = anyUser(random);
            int dice = random.nextInt(100);
            if (dice < 60) {
                return new OpenLoopRun.Call(HOME, requests.homeTimeline(Endpoints.GATEWAY, user));
            }
            if (dice < 90) {
                return new OpenLoopRun.Call(USER_TIMELINE,
                        requests.userTimeline(Endpoints.GATEWAY, user, anyUser(random)));
            }
            return new OpenLoopRun.Call(POST, requests.post(Endpoints.GATEWAY, user, users, random));
        };
    }

    private Object gatewayOverhead() {
        step("home timeline directly at timeline-service, then through the gateway, at " + plan.mixRate() + "/s");
        load(DIRECT, plan.mixRate(), plan.stepSeconds(),
                random -> new OpenLoopRun.Call(HOME, requests.homeTimeline(Endpoints.TIMELINE, anyUser(random))));
        load(VIA_GATEWAY, plan.mixRate(), plan.stepSeconds(),
                random -> new OpenLoopRun.Call(HOME, requests.homeTimeline(Endpoints.GATEWAY, anyUser(random))));
        return null;
    }

    private Object search() {
        step("search at " + plan.searchRate() + "/s (words, #hashtags, from:handle)");
        load(SEARCH, plan.searchRate(), plan.stepSeconds(), random -> new OpenLoopRun.Call("search",
                requests.search(Endpoints.GATEWAY, anyUser(random), Requests.searchQuery(random, users))));
        return null;
    }

    private BenchReport.FanOut fanOut() {
        int followers = (int) Math.min(plan.fanOutFollowers(), celebrityThreshold - 1);
        step("fan-out: " + plan.fanOutAuthors() + " authors with " + followers + " followers each");
        List<SeededUser> audience = FanOutAudience.ensure(http, world, followers);
        return new FanOutWorkload(http, world, requests, generator, runs, notes).run(plan, audience);
    }

    private BenchReport.Celebrity celebrity() {
        SeededUser celebrity = users.get(0);
        // Does nothing when the celebrity has its followers already (a progress bar shows when it does not).
        long followers = FanOutAudience.followUpTo(http, world, celebrity, plan.celebrityFollowers());
        boolean over = followers >= celebrityThreshold;
        String note = followers < plan.celebrityFollowers()
                ? String.format("It has %,d followers, not the %,d asked for", followers, plan.celebrityFollowers())
                : "";
        if (!over) {
            return new BenchReport.Celebrity(celebrity.handle(), followers, false, null,
                    "skipped: below the celebrity threshold " + celebrityThreshold + "; seed a larger world first");
        }
        step("celebrity " + celebrity.handle() + " (" + followers + " followers) posting while followers read");
        List<SeededUser> readers = users.subList(1, users.size());
        double total = plan.celebrityReadRate() + plan.celebrityPostRate();
        double postShare = plan.celebrityPostRate() / total;
        try (VisibilityProbe probe = new VisibilityProbe(http)) {
            load(CELEBRITY, total, plan.stepSeconds(), random -> {
                if (random.nextDouble() < postShare) {
                    SeededUser reader = readers.get(random.nextInt(readers.size()));
                    Map<String, Object> body = Map.of("text", TweetTexts.compose(random, List.of(), 1));
                    return new OpenLoopRun.Call(CELEBRITY_POST, requests.plainPost(Endpoints.TWEET, celebrity, body),
                            response -> probe.watch(http.parse(response.body()).path("id").asString(),
                                    reader.token(), System.nanoTime()));
                }
                return new OpenLoopRun.Call(HOME,
                        requests.homeTimeline(Endpoints.GATEWAY, readers.get(random.nextInt(readers.size()))));
            });
            return new BenchReport.Celebrity(celebrity.handle(), followers, true, probe.finish(), note);
        }
    }

    private static long runningThreshold(ChirpHttp http, long fallback) {
        try {
            double exported = PrometheusText.scrape(http.client(), Endpoints.TIMELINE)
                    .sum("chirp_timeline_celebrity_threshold");
            return exported > 0 ? (long) exported : fallback;
        } catch (IllegalStateException e) {
            return fallback;
        }
    }

    private BenchReport.Sweep sweep() {
        List<BenchReport.Sweep.Step> steps = new ArrayList<>();
        double best = 0;
        for (double rate : plan.sweepRates()) {
            step("sweep: home timeline through the gateway at " + rate + "/s");
            OpenLoopRun.Result result = load(SWEEP + " " + (int) rate + "/s", rate, plan.sweepSeconds(),
                    random -> new OpenLoopRun.Call(HOME, requests.homeTimeline(Endpoints.GATEWAY, anyUser(random))));
            TypeStats home = result.type(HOME);
            boolean within = home.p99() < SLA_MILLIS && home.errorRate() < 0.01;
            steps.add(new BenchReport.Sweep.Step(rate, home.throughput(), home.p50(), home.p99(), home.errorCount(),
                    within));
            if (!within) {
                break;
            }
            best = rate;
        }
        return new BenchReport.Sweep(steps, best);
    }

    // ---- plumbing ------------------------------------------------------------------------------------------------

    private <T> T guarded(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            String message = what + " failed: " + e.getMessage();
            System.err.println("\n  " + message);
            notes.add(message);
            return null;
        }
    }

    private void step(String what) {
        System.err.printf("%n[%5.0fs] %s%n", (System.nanoTime() - start) / 1e9, what);
    }
}
