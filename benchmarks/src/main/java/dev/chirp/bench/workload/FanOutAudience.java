package dev.chirp.bench.workload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.world.Accounts;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.World;

/**
 * The followers of the fan-out authors and of the celebrity: plain accounts {@code bfo_00001}… with no tweets, as
 * many as the plan asks (the seeded world is too small for 10,000 followers). The fan-out audience is kept in the
 * world file (its members read and are watched); the celebrity's further followers are made, used for their one
 * follow, and forgotten. Signups and logins are bcrypt-bound: 10 to 18 per second at user-service's default strength
 * on this machine, so a first bench that must make 100,000 of them should run against a system started with
 * {@code CHIRP_USER_BCRYPTSTRENGTH=4} (benchmarks/README.md); a hash keeps the strength it was made with.
 */
final class FanOutAudience {

    private FanOutAudience() {
    }

    static List<SeededUser> ensure(ChirpHttp http, World world, int size) {
        Accounts accounts = new Accounts(http, world);
        List<Integer> numbers = new ArrayList<>();
        for (int n = 1; n <= size; n++) {
            numbers.add(n);
        }
        try {
            Parallel.forEach(numbers, 16, "fan-out audience", n -> accounts.ensure(handle(n), "Follower " + n));
        } finally {
            world.save();
        }
        return numbers.stream().map(n -> world.get(handle(n)).orElseThrow()).toList();
    }

    /**
     * Makes audience accounts {@code 1..wanted} follow {@code target}, unless it already has {@code wanted}
     * followers (follows are idempotent and never undone, so a re-run after an interruption goes on where it
     * stopped, at the price of logging in again). Returns the target's follower count afterwards.
     */
    static long followUpTo(ChirpHttp http, World world, SeededUser target, int wanted) {
        long has = followers(http, target);
        if (has >= wanted) {
            return has;
        }
        Accounts accounts = new Accounts(http, world);
        List<Integer> numbers = new ArrayList<>(wanted);
        for (int n = 1; n <= wanted; n++) {
            numbers.add(n);
        }
        Parallel.forEach(numbers, 16, "followers of " + target.handle(), n -> {
            SeededUser follower = world.get(handle(n))
                    .filter(known -> known.tokenUsable(Instant.now().getEpochSecond()))
                    .orElseGet(() -> accounts.open(handle(n), "Follower " + n).user());
            ChirpHttp.Reply reply = http.call("PUT", Endpoints.USER + "/api/v1/users/" + target.id() + "/follow",
                    follower.token(), null, null);
            if (!reply.ok()) {
                throw reply.failure(follower.handle() + " follows " + target.handle());
            }
        });
        return followers(http, target);
    }

    private static long followers(ChirpHttp http, SeededUser user) {
        return http.get(Endpoints.USER + "/api/v1/users/" + user.id(), null).body().path("followers_count").asLong();
    }

    private static String handle(int n) {
        return String.format("bfo_%05d", n);
    }
}
