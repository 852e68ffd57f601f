package dev.chirp.bench.services;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.world.FollowerPlan;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeedHandles;
import dev.chirp.bench.world.SeededUser;
import tools.jackson.databind.JsonNode;

/**
 * user-service (issue #3) at port 8081: signup and login (bcrypt-bound), follow and unfollow (LWT-guarded edges and
 * counters), a page of followers. The follows are undone, so the seeded graph ends as it began; the signups remain.
 */
final class UserServiceBench {

    static final String SIGNUP = "signup";
    static final String LOGIN = "login";
    static final String FOLLOW = "follow";
    static final String UNFOLLOW = "unfollow";
    static final String FOLLOWERS = "follower page";

    /** Pages are read of the accounts this many ranks from the top: the longest follower lists. */
    private static final int MOST_FOLLOWED = 10;
    /** Share of follower-page reads that ask for a next page (with a cursor from an earlier page). */
    private static final double NEXT_PAGE_SHARE = 0.3;

    /** A follower and a followee, by rank among the bench users. */
    private record Pair(int follower, int followee) {
    }

    private final ServiceContext ctx;
    private final List<String> notes = new ArrayList<>();
    /** Pairs followed by this run and not unfollowed yet, oldest first. */
    private final Queue<Pair> followed = new ConcurrentLinkedQueue<>();
    private final Set<Pair> used = ConcurrentHashMap.newKeySet();
    private final Set<Long> planned = new HashSet<>();
    private final AtomicInteger signups = new AtomicInteger();
    private final AtomicBoolean ranDry = new AtomicBoolean();

    UserServiceBench(ServiceContext ctx) {
        this.ctx = ctx;
    }

    ServiceResult run() {
        FollowerPlan plan = ctx.followerPlan();
        for (int rank = 1; rank <= plan.users(); rank++) {
            for (int follower : plan.followersOf(rank)) {
                planned.add(edge(follower, rank));
            }
        }
        ServicePlan p = ctx.plan;
        List<ServiceResult.Ceiling> ceilings = new ArrayList<>();
        ceilings.add(ctx.ceiling("`POST /api/v1/auth/signup` (fresh handle, bcrypt)", SIGNUP, p.ceiling(4, 2_000),
                (rate, seconds) -> random -> new OpenLoopRun.Call(SIGNUP, signup())));
        ceilings.add(ctx.ceiling("`POST /api/v1/auth/login` (seeded account, bcrypt)", LOGIN, p.ceiling(4, 2_000),
                (rate, seconds) -> random -> new OpenLoopRun.Call(LOGIN, login(random))));
        int extraPairs;
        try {
            ceilings.add(ctx.ceiling("`PUT /api/v1/users/{id}/follow` (a new edge)", FOLLOW, p.ceiling(120, 1_000),
                    (rate, seconds) -> random -> new OpenLoopRun.Call(FOLLOW, follow(random))));
            AtomicInteger extra = new AtomicInteger();
            ceilings.add(ctx.ceiling("`DELETE /api/v1/users/{id}/follow` (an edge this run made)", UNFOLLOW,
                    p.ceiling(120, 1_000), (rate, seconds) -> {
                        extra.addAndGet(followAhead(rate, seconds));
                        return random -> new OpenLoopRun.Call(UNFOLLOW, unfollow(random));
                    }));
            extraPairs = extra.get();
        } finally {
            undoFollows();
        }
        Map<Integer, String> cursors = new ConcurrentHashMap<>();
        ceilings.add(ctx.ceiling("`GET /api/v1/users/{id}/followers?limit=20` (top " + MOST_FOLLOWED
                        + " accounts, " + Math.round(NEXT_PAGE_SHARE * 100) + " % next pages)", FOLLOWERS,
                p.ceiling(80, 1_000), (rate, seconds) -> random -> followerPage(random, cursors)));

        notes.add(String.format("Signups create real accounts (`bsu_%s_…`, %,d in this run) that remain in the "
                + "system: user-service has no account deletion.", ctx.runId, signups.get()));
        notes.add(String.format("Follows are of random pairs of bench users that the seeded graph does not have "
                + "(%,d pairs this run); unfollow removes exactly those pairs%s, and whatever the steps did not reach "
                + "is unfollowed afterwards, so the graph ends as it began.", used.size(),
                extraPairs > 0 ? String.format(", %,d of them followed beforehand, unmeasured, so that the unfollow "
                        + "steps had enough edges", extraPairs) : ""));
        if (ranDry.get()) {
            notes.add("An unfollow step ran out of followed pairs: some unfollows were of edges that did not exist.");
        }
        notes.add("Follower pages are read with a bench user's token (as a signed-in client: `followed_by_me` is "
                + "filled in); a next page uses a `next_cursor` an earlier page returned.");
        List<String> data = List.of(String.format("%,d seeded accounts, %,d planned follows (rank 1 followed by "
                        + "everyone, rank r by about %,d / r); requests drawn uniformly from the first %,d (bench users).",
                ctx.worldUsers, plan.totalFollows(), ctx.worldUsers - 1, ctx.plan.users()));
        return new ServiceResult("user-service", data, List.of(), ceilings, List.copyOf(notes));
    }

    private HttpRequest signup() {
        String handle = "bsu_" + ctx.runId + "_" + Integer.toString(signups.incrementAndGet(), 36);
        return json("POST", Endpoints.USER + "/api/v1/auth/signup", null, Map.of("handle", handle,
                "email", handle + "@bench.chirp.test", "password", SeedHandles.PASSWORD, "display_name", "Bench"));
    }

    private HttpRequest login(SplittableRandom random) {
        String handle = SeedHandles.handle(1 + random.nextInt(ctx.worldUsers));
        return json("POST", Endpoints.USER + "/api/v1/auth/login", null,
                Map.of("login", handle, "password", SeedHandles.PASSWORD));
    }

    private HttpRequest follow(SplittableRandom random) {
        Pair pair = freshPair(random);
        followed.add(pair);
        return followRequest("PUT", pair);
    }

    /**
     * The oldest pair followed by this run. The queue is topped up before each step with a margin of four
     * standard deviations of the step's Poisson count; should it still run dry, a pair never followed is
     * unfollowed (a no-op for user-service: noted, so that a reader knows).
     */
    private HttpRequest unfollow(SplittableRandom random) {
        Pair pair = followed.poll();
        if (pair == null) {
            pair = freshPair(random);
            ranDry.set(true);
        }
        return followRequest("DELETE", pair);
    }

    /** Follows enough fresh pairs, unmeasured, that an unfollow step of this rate and length cannot run dry. */
    private int followAhead(double rate, int seconds) {
        double expected = rate * seconds;
        int needed = (int) Math.ceil(expected + 4 * Math.sqrt(expected) + 10) - followed.size();
        if (needed <= 0) {
            return 0;
        }
        SplittableRandom random = new SplittableRandom(ctx.nextSeed());
        List<Pair> pairs = new ArrayList<>(needed);
        for (int i = 0; i < needed; i++) {
            pairs.add(freshPair(random));
        }
        Parallel.forEach(pairs, 16, "follows to undo", pair -> {
            ChirpHttp.Reply reply = ctx.http.send(followRequest("PUT", pair));
            if (!reply.ok()) {
                throw reply.failure("follow " + pair);
            }
            followed.add(pair);
        });
        return needed;
    }

    private void undoFollows() {
        List<Pair> left = new ArrayList<>(followed);
        followed.clear();
        if (left.isEmpty()) {
            return;
        }
        ctx.log("undoing the " + left.size() + " follows the steps left");
        Parallel.forEach(left, 16, "unfollows", pair -> {
            ChirpHttp.Reply reply = ctx.http.send(followRequest("DELETE", pair));
            if (!reply.ok()) {
                throw reply.failure("unfollow " + pair);
            }
        });
    }

    private Pair freshPair(SplittableRandom random) {
        int users = ctx.users().size();
        while (true) {
            Pair pair = new Pair(1 + random.nextInt(users), 1 + random.nextInt(users));
            if (pair.follower() != pair.followee() && !planned.contains(edge(pair.follower(), pair.followee()))
                    && used.add(pair)) {
                return pair;
            }
        }
    }

    private HttpRequest followRequest(String method, Pair pair) {
        SeededUser follower = ctx.users().get(pair.follower() - 1);
        SeededUser followee = ctx.users().get(pair.followee() - 1);
        return ChirpHttp.request(Endpoints.USER + "/api/v1/users/" + followee.id() + "/follow", follower.token())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private OpenLoopRun.Call followerPage(SplittableRandom random, Map<Integer, String> cursors) {
        int rank = 1 + random.nextInt(MOST_FOLLOWED);
        SeededUser account = ctx.users().get(rank - 1);
        String cursor = random.nextDouble() < NEXT_PAGE_SHARE ? cursors.get(rank) : null;
        String url = Endpoints.USER + "/api/v1/users/" + account.id() + "/followers?limit=20"
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return new OpenLoopRun.Call(FOLLOWERS, ChirpHttp.request(url, ctx.anyUser(random).token()).GET().build(),
                response -> {
                    JsonNode next = ctx.http.parse(response.body()).path("next_cursor");
                    if (next.isString()) {
                        cursors.put(rank, next.asString());
                    }
                });
    }

    private HttpRequest json(String method, String url, String token, Object body) {
        return ChirpHttp.request(url, token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(ctx.http.json().writeValueAsBytes(body)))
                .build();
    }

    private static long edge(int follower, int followee) {
        return (long) follower << 32 | followee;
    }
}
