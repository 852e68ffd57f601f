package dev.chirp.bench.services;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.CeilingSearch;
import dev.chirp.bench.load.LatencyTimeline;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.workload.Requests;
import dev.chirp.bench.world.BenchUsers;
import dev.chirp.bench.world.FollowerPlan;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.World;
import dev.chirp.bench.world.WorldSeeder;

/** What every service's bench shares: the HTTP client, the seeded world and its bench users, the plan. */
final class ServiceContext {

    final ChirpHttp http = new ChirpHttp();
    final Requests requests = new Requests(http.json());
    final CeilingSearch ceilings = new CeilingSearch(http.client());
    final ServicePlan plan;
    /** The repository ({@code CHIRP_REPO}): docs/benchmarks-services.md is written there, the search rebuild runs its jar. */
    final Path repo;
    /** Short, unique per run (base 36 of the epoch second, last 5 digits): names made by this run carry it. */
    final String runId = tail(Long.toString(Instant.now().getEpochSecond(), 36), 5);
    final World world;
    final int worldUsers;
    private final long start;
    private List<SeededUser> users;
    private long seed = 1;

    ServiceContext(ServicePlan plan, Path repo, long start) {
        this.plan = plan;
        this.repo = repo;
        this.start = start;
        this.world = World.load(World.defaultFile(), http);
        this.worldUsers = world.seededUsers();
        if (worldUsers < plan.users()) {
            throw new IllegalStateException("the world has " + worldUsers + " seeded accounts and this bench draws "
                    + "from " + plan.users() + ": run ./chirp seed --users " + plan.users() + " first");
        }
    }

    /** Tokens valid for the next ten minutes at least (a suite can outlast a token), an image each for posts. */
    void refreshUsers() {
        users = BenchUsers.prepare(http, world, plan.users(), 1);
    }

    List<SeededUser> users() {
        return users;
    }

    SeededUser anyUser(SplittableRandom random) {
        return users.get(random.nextInt(users.size()));
    }

    /** The planned follows of the seeded world (the graph ./chirp seed made). */
    FollowerPlan followerPlan() {
        return new FollowerPlan(worldUsers, 1.0, WorldSeeder.DEFAULT_SEED);
    }

    ServiceResult.Ceiling ceiling(String request, String type, CeilingSearch.Settings settings,
                                  CeilingSearch.Steps steps) {
        log("ceiling of " + request + ": from " + CeilingSearch.rate(settings.startRate()) + "/s × "
                + settings.factor() + ", p99 bound " + (long) settings.p99BoundMillis() + " ms");
        CeilingSearch.Result result = ceilings.run(type, settings, steps, nextSeed());
        System.err.println("  → " + result.ceiling().map(s -> "ceiling " + CeilingSearch.rate(s.offered()) + "/s; ")
                .orElse("no step held; ") + result.stoppedBecause());
        return new ServiceResult.Ceiling(request, result);
    }

    /** One open-loop run at a fixed rate (not a ceiling search). */
    OpenLoopRun.Result fixedRate(String name, double rate, int seconds, OpenLoopRun.Source source) {
        return new OpenLoopRun(http.client(), new LatencyTimeline(System.nanoTime()))
                .run(name, rate, Duration.ofSeconds(seconds), source, nextSeed());
    }

    long nextSeed() {
        seed += 100;
        return seed;
    }

    void log(String what) {
        System.err.printf("%n[%5.0fs] %s%n", (System.nanoTime() - start) / 1e9, what);
    }

    private static String tail(String text, int length) {
        return text.length() <= length ? text : text.substring(text.length() - length);
    }
}
