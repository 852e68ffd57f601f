package dev.chirp.bench.services;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.world.Parallel;
import dev.chirp.bench.world.SeedHandles;
import dev.chirp.bench.world.World;
import tools.jackson.databind.JsonNode;

/**
 * Real tweet IDs for the batch lookups: every page of the user timelines of the seeded accounts, read directly at
 * tweet-service (deleted tweets are not on them), up to a cap, in a fixed random order.
 */
final class TweetPool {

    private static final int PAGE = 100;

    private TweetPool() {
    }

    static List<String> collect(ChirpHttp http, World world, int accounts, int cap) {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<String> authors = new ArrayList<>();
        for (int rank = 1; rank <= accounts; rank++) {
            world.get(SeedHandles.handle(rank)).ifPresent(user -> authors.add(user.id()));
        }
        Parallel.forEach(authors, 8, "tweet IDs", author -> {
            String cursor = null;
            do {
                String url = Endpoints.TWEET + "/api/v1/users/" + author + "/tweets?limit=" + PAGE
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                ChirpHttp.Reply reply = http.get(url, null);
                if (!reply.ok()) {
                    throw reply.failure("user timeline " + url);
                }
                for (JsonNode tweet : reply.body().path("items")) {
                    ids.add(tweet.path("id").asString());
                }
                JsonNode next = reply.body().path("next_cursor");
                cursor = next.isString() ? next.asString() : null;
            } while (cursor != null && ids.size() < cap);
        });
        List<String> pool = new ArrayList<>(ids);
        Collections.sort(pool);
        Collections.shuffle(pool, new Random(7));
        return pool.size() > cap ? List.copyOf(pool.subList(0, cap)) : List.copyOf(pool);
    }
}
