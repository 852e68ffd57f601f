package dev.chirp.bench.cost;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.baseline.RedisBaseline;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.http.ElasticsearchRest;
import dev.chirp.bench.load.LatencyTimeline;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.report.ReportWriter;
import dev.chirp.bench.workload.Machine;
import dev.chirp.bench.workload.Requests;
import dev.chirp.bench.world.BenchUsers;
import dev.chirp.bench.world.FollowerPlan;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.World;
import dev.chirp.bench.world.WorldSeeder;

/**
 * {@code ./chirp bench --cost}: what one request costs, in CPU milliseconds per process. Each request type runs alone
 * at a fixed open-loop rate below saturation, then the social mix; around each step the CPU time of every process
 * is read from /proc, the idle burn measured beforehand (pollers, heartbeats, compaction) is subtracted, and the rest
 * is divided by the requests served. A post's asynchronous work (fan-out, indexing, notifications) is included by
 * letting the system settle before the second reading.
 */
public final class CostBench {

    /** Rates and durations of one run; {@link #quick()} for a smoke run. */
    public record Plan(int users, double homeRate, double userTimelineRate, double postRate, double mixRate,
                       Duration idle, Duration warmUp, Duration step, Duration settle) {

        public static Plan full() {
            return new Plan(300, 50, 50, 8, 20, Duration.ofSeconds(20), Duration.ofSeconds(60),
                    Duration.ofSeconds(40), Duration.ofSeconds(5));
        }

        public static Plan quick() {
            return new Plan(100, 25, 25, 4, 10, Duration.ofSeconds(10), Duration.ofSeconds(15),
                    Duration.ofSeconds(15), Duration.ofSeconds(3));
        }
    }

    /** One step's outcome: requests, latency, and CPU milliseconds per successful request by process. */
    record Step(String name, double rate, long ok, long errors, double throughput, double p50, double p99,
                Map<String, Double> cpuPerRequest) {

        double systemTotal() {
            return ProcessCpu.systemTotal(cpuPerRequest);
        }
    }

    private static final String HOME = "home timeline";
    private static final String USER_TIMELINE = "user timeline";
    private static final String POST = "post";
    /** docs/02's average follower count. */
    static final int POPULAR_FOLLOWERS = 200;

    private final Plan plan;
    private final String command;
    private final ChirpHttp http = new ChirpHttp();
    private final Requests requests = new Requests(http.json());
    private final OpenLoopRun generator = new OpenLoopRun(http.client(), new LatencyTimeline(System.nanoTime()));
    private final ProcessCpu cpu = ProcessCpu.forRunningSystem();
    private long seed = 11;

    public CostBench(Plan plan, String command) {
        this.plan = plan;
        this.command = command;
    }

    public void run(Path out) {
        String startedAt = Instant.now().toString();
        World world = World.load(World.defaultFile(), http);
        if (world.seededUsers() < plan.users()) {
            System.err.printf("seeding %d accounts (the world has %d)%n", plan.users(), world.seededUsers());
            new WorldSeeder(http, world, new WorldSeeder.Settings(plan.users(), 5, 2, 0, 16, 1.0, 500,
                    WorldSeeder.DEFAULT_SEED)).run();
        }
        List<SeededUser> users = BenchUsers.prepare(http, world, plan.users(), 0);
        FollowerPlan graph = new FollowerPlan(world.seededUsers(), 1.0, WorldSeeder.DEFAULT_SEED);
        List<SeededUser> authors = authorsWithAbout(30, users, graph);
        double authorFollowers = authors.stream()
                .mapToInt(a -> graph.followerCount(users.indexOf(a) + 1)).average().orElse(0);
        List<SeededUser> popular = popularAuthors(users);
        double popularFollowers = popular.stream().mapToLong(this::followerCount).average().orElse(0);

        System.err.println("warming up (not measured)");
        // Below the mix's own rate: the services must finish compiling their hot paths, not queue behind them.
        generator.run("warm-up", plan.mixRate() / 2, plan.warmUp(), mix(users, authors), seed++);
        settle();

        Map<String, Double> idleRate = idleRate();
        List<Step> steps = new ArrayList<>();
        steps.add(step(HOME, plan.homeRate(), random -> new OpenLoopRun.Call(HOME,
                requests.homeTimeline(Endpoints.GATEWAY, pick(users, random))), idleRate));
        steps.add(step(USER_TIMELINE, plan.userTimelineRate(), random -> new OpenLoopRun.Call(USER_TIMELINE,
                requests.userTimeline(Endpoints.GATEWAY, pick(users, random), pick(users, random))), idleRate));
        steps.add(step(POST + " (authors with ~" + Math.round(authorFollowers) + " followers)", plan.postRate(),
                random -> new OpenLoopRun.Call(POST, requests.plainPost(Endpoints.GATEWAY, pick(authors, random),
                        Map.of("text", "cost bench " + random.nextLong()))), idleRate));
        steps.add(step("mix 60 % home / 30 % user / 10 % post", plan.mixRate(), mix(users, authors), idleRate));
        Step popularPost = step(POST + " (authors with ~" + Math.round(popularFollowers) + " followers)",
                plan.postRate(), random -> new OpenLoopRun.Call(POST, requests.plainPost(Endpoints.GATEWAY,
                        pick(popular, random), Map.of("text", "cost bench popular " + random.nextLong()))), idleRate);
        steps.add(popularPost);

        TierSizing sizing = TierSizing.of(steps.get(0), popularPost, RedisBaseline.timelineBytesPerEntry(800),
                new ElasticsearchRest(http).bytesPerDocument(Endpoints.TWEET_INDEX));
        String report = CostReport.markdown(command, startedAt, Machine.current(), plan, world.seededUsers(),
                authorFollowers, idleRate, steps, sizing);
        ReportWriter.writeBelowMarker(out, CostReport.DEFAULT_HEADER, report);
        System.out.println(report);
    }

    private OpenLoopRun.Source mix(List<SeededUser> users, List<SeededUser> authors) {
        return random -> {
            int roll = random.nextInt(100);
            if (roll < 60) {
                return new OpenLoopRun.Call(HOME, requests.homeTimeline(Endpoints.GATEWAY, pick(users, random)));
            }
            if (roll < 90) {
                return new OpenLoopRun.Call(USER_TIMELINE,
                        requests.userTimeline(Endpoints.GATEWAY, pick(users, random), pick(users, random)));
            }
            return new OpenLoopRun.Call(POST, requests.plainPost(Endpoints.GATEWAY, pick(authors, random),
                    Map.of("text", "cost bench mix " + random.nextLong())));
        };
    }

    private Step step(String name, double rate, OpenLoopRun.Source source, Map<String, Double> idleRate) {
        Map<String, Double> before = cpu.sample();
        long start = System.nanoTime();
        OpenLoopRun.Result result = generator.run(name, rate, plan.step(), source, seed++);
        settle();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> after = cpu.sample();
        long ok = result.types().values().stream().mapToLong(TypeStats::ok).sum();
        long errors = result.types().values().stream().mapToLong(TypeStats::errorCount).sum();
        Map<String, Double> perRequest = new LinkedHashMap<>();
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            double used = entry.getValue() - before.getOrDefault(entry.getKey(), entry.getValue());
            double idle = entry.getKey().equals(ProcessCpu.LOAD_GENERATOR) ? 0
                    : idleRate.getOrDefault(entry.getKey(), 0.0) * seconds;
            perRequest.put(entry.getKey(), ok == 0 ? Double.NaN : Math.max(0, used - idle) / ok);
        }
        TypeStats all = result.types().size() == 1 ? result.types().values().iterator().next() : null;
        double p50 = all != null ? all.p50() : result.types().values().stream().mapToDouble(TypeStats::p50).max().orElse(0);
        double p99 = all != null ? all.p99() : result.types().values().stream().mapToDouble(TypeStats::p99).max().orElse(0);
        return new Step(name, rate, ok, errors, ok / plan.step().toSeconds(), p50, p99, perRequest);
    }

    /** CPU milliseconds per second that each process burns with no request at all. */
    private Map<String, Double> idleRate() {
        System.err.printf("measuring the idle burn for %d s%n", plan.idle().toSeconds());
        Map<String, Double> before = cpu.sample();
        long start = System.nanoTime();
        LockSupport.parkNanos(plan.idle().toNanos());
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> after = cpu.sample();
        Map<String, Double> rate = new LinkedHashMap<>();
        after.forEach((name, value) -> rate.put(name, (value - before.getOrDefault(name, value)) / seconds));
        return rate;
    }

    /** Lets asynchronous work started by the step (fan-out, indexing, notifications) finish inside the window. */
    private void settle() {
        LockSupport.parkNanos(plan.settle().toNanos());
    }

    /**
     * The last ten bench users, each followed by {@link #POPULAR_FOLLOWERS} of the others (fewer in the quick plan): the average author of
     * docs/02 (200 followers), which the power-law world of a few hundred users does not have on its own. Follows
     * are idempotent, so a second run finds them made; every bench user reads its home timeline in the steps before,
     * so all of these followers are active and fan-out pushes to each.
     */
    private List<SeededUser> popularAuthors(List<SeededUser> users) {
        // The quick plan has too few users for 200: its authors get as many as there are.
        int followers = Math.min(POPULAR_FOLLOWERS, users.size() - 10);
        List<SeededUser> authors = users.subList(users.size() - 10, users.size());
        List<Runnable> follows = new ArrayList<>();
        for (SeededUser author : authors) {
            for (SeededUser follower : users.subList(0, followers)) {
                follows.add(() -> {
                    ChirpHttp.Reply reply = http.call("PUT", Endpoints.GATEWAY + "/api/v1/users/" + author.id()
                            + "/follow", follower.token(), null, null);
                    if (!reply.ok()) {
                        throw reply.failure(follower.handle() + " follows " + author.handle());
                    }
                });
            }
        }
        Parallel.forEach(follows, 16, "followers of the popular authors", Runnable::run);
        return authors;
    }

    private long followerCount(SeededUser user) {
        return http.get(Endpoints.GATEWAY + "/api/v1/users/" + user.id(), user.token()).body()
                .path("followers_count").asLong();
    }

    /** Bench users whose planned follower count is closest to {@code followers} (at least ten of them). */
    private static List<SeededUser> authorsWithAbout(int followers, List<SeededUser> users, FollowerPlan graph) {
        List<Integer> ranks = new ArrayList<>();
        for (int rank = 1; rank <= users.size(); rank++) {
            ranks.add(rank);
        }
        ranks.sort((a, b) -> Integer.compare(Math.abs(graph.followerCount(a) - followers),
                Math.abs(graph.followerCount(b) - followers)));
        return ranks.subList(0, Math.min(10, ranks.size())).stream().map(rank -> users.get(rank - 1)).toList();
    }

    private static SeededUser pick(List<SeededUser> users, java.util.SplittableRandom random) {
        return users.get(random.nextInt(users.size()));
    }
}
