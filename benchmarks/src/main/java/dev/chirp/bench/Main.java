package dev.chirp.bench;

import java.nio.file.Path;
import java.util.Set;

import dev.chirp.bench.chaos.ChaosRun;
import dev.chirp.bench.cost.CostBench;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.report.BenchReport;
import dev.chirp.bench.report.LatencyChart;
import dev.chirp.bench.report.ReportWriter;
import dev.chirp.bench.services.ServiceBench;
import dev.chirp.bench.services.ServicePlan;
import dev.chirp.bench.workload.Bench;
import dev.chirp.bench.workload.BenchPlan;
import dev.chirp.bench.world.SeedHandles;
import dev.chirp.bench.world.World;
import dev.chirp.bench.world.WorldSeeder;

/**
 * Entry point of benchmarks.jar: {@code seed [options]}, {@code bench [--quick] [options]} or
 * {@code bench --services [--quick] [options]} (README.md).
 */
public final class Main {

    /** The value ./chirp gives timeline-service (CHIRP_TIMELINE_CELEBRITY_THRESHOLD). */
    private static final int LOCAL_CELEBRITY_THRESHOLD = 500;

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0) {
            usage();
        }
        try {
            switch (args[0]) {
                case "seed" -> seed(Options.parse(args, 1, Set.of()));
                case "bench" -> {
                    Options options = Options.parse(args, 1, Set.of("quick", "services", "cost"));
                    if (options.flag("cost")) {
                        costBench(args, options);
                    } else if (options.flag("services")) {
                        serviceBench(args, options);
                    } else {
                        bench(args, options);
                    }
                }
                case "chaos" -> chaos(args, Options.parse(args, 1, Set.of()));
                default -> usage();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (IllegalStateException e) {
            System.err.println("\nerror: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("\ninterrupted");
            System.exit(130);
        }
        System.exit(0);
    }

    private static void seed(Options options) {
        WorldSeeder.Settings settings = new WorldSeeder.Settings(options.integer("users", 2_000),
                options.integer("tweets-per-user", 5), options.integer("likes-per-user", 5),
                options.integer("photo-every", 5), options.integer("concurrency", 16),
                options.decimal("exponent", 1.0), options.integer("celebrity-threshold", LOCAL_CELEBRITY_THRESHOLD),
                WorldSeeder.DEFAULT_SEED);
        options.rejectUnknown();
        if (settings.users() < 2 || settings.concurrency() < 1 || settings.tweetsPerUser() < 0) {
            throw new IllegalArgumentException("--users must be ≥ 2, --concurrency ≥ 1, --tweets-per-user ≥ 0");
        }
        System.err.printf("seeding %,d users (%d tweets, %d likes each, a photo in every %d tweets) directly at "
                        + "user-service 8081, media-service 8085 and tweet-service 8082, %d in flight%n",
                settings.users(), settings.tweetsPerUser(), settings.likesPerUser(), settings.photoEvery(),
                settings.concurrency());
        ChirpHttp http = new ChirpHttp();
        World world = World.load(World.defaultFile(), http);
        WorldSeeder.Summary s = new WorldSeeder(http, world, settings).run();
        System.out.printf("%nseeded in %.0f s: %,d accounts (%,d new), %,d follows, %,d photos uploaded, %,d tweets, "
                        + "%,d replies, %,d likes%n", s.totalSeconds(), s.users(), s.accountsCreated(), s.follows(),
                s.photosUploaded(), s.tweets(), s.replies(), s.likes());
        s.phaseSeconds().forEach((phase, seconds) -> System.out.printf("  %-10s %6.1f s%n", phase, seconds));
        System.out.printf("celebrities (≥ %,d followers): %s%n", settings.celebrityThreshold(), s.celebrities());
        System.out.printf("log in as any of them: handle seed_000001 … %s, password %s%n",
                SeedHandles.handle(settings.users()), SeedHandles.PASSWORD);
    }

    private static void bench(String[] args, Options options) {
        BenchPlan plan = options.flag("quick") ? BenchPlan.quick() : BenchPlan.full();
        int users = options.integer("users", plan.users());
        int fanOutFollowers = options.integer("fan-out-followers", plan.fanOutFollowers());
        int celebrityFollowers = options.integer("celebrity-followers", plan.celebrityFollowers());
        if (users != plan.users() || fanOutFollowers != plan.fanOutFollowers()
                || celebrityFollowers != plan.celebrityFollowers()) {
            plan = new BenchPlan(plan.mode(), users, plan.seedTweetsPerUser(), plan.mediaPerUser(),
                    plan.warmUpSeconds(), plan.mixRate(),
                    plan.mixSeconds(), plan.stepSeconds(), plan.sweepRates(), plan.sweepSeconds(), plan.fanOutAuthors(),
                    fanOutFollowers, plan.fanOutPostRate(), plan.fanOutSeconds(), celebrityFollowers,
                    plan.celebrityReadRate(), plan.celebrityPostRate(), plan.searchRate(), plan.redisRequests(),
                    plan.kafkaRecords());
        }
        int threshold = options.integer("celebrity-threshold", LOCAL_CELEBRITY_THRESHOLD);
        Path repo = Path.of(System.getenv().getOrDefault("CHIRP_REPO", "."));
        Path out = Path.of(options.text("out", repo.resolve("docs/benchmarks.md").toString()));
        options.rejectUnknown();
        if (users < 10 || fanOutFollowers < 1 || celebrityFollowers < 0) {
            throw new IllegalArgumentException("--users must be at least 10, --fan-out-followers at least 1, "
                    + "--celebrity-followers at least 0");
        }
        String command = "./chirp " + String.join(" ", args);
        Bench bench = new Bench(plan, threshold, command);
        BenchReport report = bench.run();
        Path chart = out.toAbsolutePath().getParent().resolve("img/bench-latency.png");
        LatencyChart.write(bench.timeline(), chart);
        report = new BenchReport(report.command(), report.startedAt(), report.totalSeconds(), report.plan(),
                report.machine(), report.data(), report.runs(), report.sweep(), report.fanOut(), report.celebrity(),
                report.redis(), report.kafka(), "img/bench-latency.png", report.notes());
        ReportWriter.write(report, out);
        System.out.printf("%nbench done in %.0f s: %s (chart %s)%n", report.totalSeconds(), out, chart);
    }

    private static void serviceBench(String[] args, Options options) {
        ServicePlan plan = options.flag("quick") ? ServicePlan.quick() : ServicePlan.full();
        plan = plan.withUsers(options.integer("users", plan.users()))
                .withSearchTweets(options.integer("search-tweets", plan.searchTweets()));
        Set<String> only = ServiceBench.parseOnly(options.text("only", String.join(",", ServiceBench.SERVICES)));
        options.rejectUnknown();
        if (plan.users() < 10) {
            throw new IllegalArgumentException("--users must be at least 10");
        }
        Path repo = Path.of(System.getenv().getOrDefault("CHIRP_REPO", "."));
        new ServiceBench(plan, only, "./chirp " + String.join(" ", args), repo).run();
    }

    private static void chaos(String[] args, Options options) throws InterruptedException {
        ChaosRun.Plan plan = ChaosRun.Plan.of(options.integer("users", 40), options.decimal("rate", 20),
                options.integer("down", 20), options.integer("after", 20),
                options.text("faults", String.join(",", ChaosRun.Plan.ALL)));
        Path repo = Path.of(System.getenv().getOrDefault("CHIRP_REPO", "."));
        Path home = Path.of(System.getenv().getOrDefault("CHIRP_HOME", repo.resolve(".chirp").toString()));
        Path out = Path.of(options.text("out", repo.resolve("docs/benchmarks-chaos.md").toString()));
        options.rejectUnknown();
        new ChaosRun(plan, "./chirp " + String.join(" ", args), repo, home).run(out);
    }

    private static void costBench(String[] args, Options options) {
        CostBench.Plan plan = options.flag("quick") ? CostBench.Plan.quick() : CostBench.Plan.full();
        Path repo = Path.of(System.getenv().getOrDefault("CHIRP_REPO", "."));
        Path out = Path.of(options.text("out", repo.resolve("docs/benchmarks-cost.md").toString()));
        options.rejectUnknown();
        new CostBench(plan, "./chirp " + String.join(" ", args)).run(out);
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar benchmarks.jar seed  [--users 2000] [--tweets-per-user 5] [--likes-per-user 5]
                                                      [--photo-every 5] [--concurrency 16] [--exponent 1.0]
                                                      [--celebrity-threshold 500]
                       java -jar benchmarks.jar bench [--quick] [--users N] [--fan-out-followers N] [--celebrity-followers N]
                                                      [--celebrity-threshold 500]
                                                      [--out docs/benchmarks.md]
                       java -jar benchmarks.jar bench --cost [--quick] [--out docs/benchmarks-cost.md]
                       java -jar benchmarks.jar bench --services [--quick] [--only user,tweet,media,search,gateway]
                                                      [--users N] [--search-tweets N]
                       java -jar benchmarks.jar chaos [--users 40] [--rate 20] [--down 20] [--after 20]
                                                      [--faults cassandra,kafka,redis,elasticsearch,services]
                                                      [--out docs/benchmarks-chaos.md]
                (normally through ./chirp seed / ./chirp bench, with the system up)""");
        System.exit(2);
    }
}
