package dev.chirp.bench.workload;

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
 * many as the plan asks (the seeded world is too small for 10,000 followers). Made once and kept in the world file;
 * signups are bcrypt-bound (10 to 18 per second measured here), so the first bench with a large audience takes minutes more.
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
            Parallel.forEach(numbers, 8, "fan-out audience", n -> accounts.ensure(handle(n), "Follower " + n));
        } finally {
            world.save();
        }
        return numbers.stream().map(n -> world.get(handle(n)).orElseThrow()).toList();
    }

    /**
     * Makes every one of {@code followers} follow {@code target}, unless the target already has at least
     * {@code enough} followers (an earlier bench made these follows; they are never undone).
     */
    static void follow(ChirpHttp http, List<SeededUser> followers, SeededUser target, long enough) {
        long has = http.get(Endpoints.USER + "/api/v1/users/" + target.id(), null).body()
                .path("followers_count").asLong();
        if (has >= enough) {
            return;
        }
        Parallel.forEach(followers, 16, "follows of " + target.handle(), follower -> {
            ChirpHttp.Reply reply = http.call("PUT", Endpoints.USER + "/api/v1/users/" + target.id() + "/follow",
                    follower.token(), null, null);
            if (!reply.ok()) {
                throw reply.failure(follower.handle() + " follows " + target.handle());
            }
        });
    }

    private static String handle(int n) {
        return String.format("bfo_%05d", n);
    }
}
