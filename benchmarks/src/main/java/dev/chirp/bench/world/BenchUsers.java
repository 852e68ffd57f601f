package dev.chirp.bench.world;

import java.util.ArrayList;
import java.util.List;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;

/**
 * The seeded accounts a bench draws its users from ({@code seed_000001} … rank {@code count}), each with a usable
 * token (logging in where it expired, directly at user-service) and at least {@code mediaPerUser} images of its own
 * for the {@code media_ids} of its posts (uploaded where missing). Tokens and images are remembered in the world
 * file, so a second call within the hour costs no password hashing.
 */
public final class BenchUsers {

    private BenchUsers() {
    }

    public static List<SeededUser> prepare(ChirpHttp http, World world, int count, int mediaPerUser) {
        Accounts accounts = new Accounts(http, world);
        List<Integer> ranks = new ArrayList<>();
        for (int rank = 1; rank <= count; rank++) {
            ranks.add(rank);
        }
        Parallel.forEach(ranks, 8, "bench users", rank -> accounts.ensure(SeedHandles.handle(rank), "Seed " + rank));
        List<Integer> needing = ranks.stream()
                .filter(rank -> user(world, rank).mediaIds().size() < mediaPerUser).toList();
        if (!needing.isEmpty()) {
            Parallel.forEach(needing, 4, "images for posts", rank -> {
                SeededUser user = user(world, rank);
                List<String> media = new ArrayList<>(user.mediaIds());
                while (media.size() < mediaPerUser) {
                    ChirpHttp.Reply reply = http.upload(Endpoints.MEDIA + "/api/v1/media", user.token(), "photo.png",
                            "image/png", ImageMaker.photo(rank * 97L + media.size(), 160, 120, "bench", "png"));
                    if (!reply.ok()) {
                        throw reply.failure("image upload for " + user.handle());
                    }
                    media.add(reply.text("id"));
                }
                world.put(user.withMedia(media));
            });
        }
        world.save();
        return ranks.stream().map(rank -> user(world, rank)).toList();
    }

    private static SeededUser user(World world, int rank) {
        return world.get(SeedHandles.handle(rank)).orElseThrow();
    }
}
