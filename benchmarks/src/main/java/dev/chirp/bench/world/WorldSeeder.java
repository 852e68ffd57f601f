package dev.chirp.bench.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;

/**
 * Builds the demo world in the running system, phase by phase: accounts, a power-law follow graph, photos, tweets
 * (hashtags, mentions, some with a location), replies, likes. Everything is sent directly to the owning service
 * (user 8081, media 8085, tweet 8082), bypassing the gateway's per-user write and upload limits, which exist for
 * people, not for a loader. Re-running asks for the same things and duplicates nothing: accounts are found by their
 * deterministic handles, tweets carry a deterministic {@code Idempotency-Key}, follows and likes are idempotent, and
 * uploaded photos are remembered in the world file.
 */
public final class WorldSeeder {

    /** The seed of every random choice; the bench uses it too, so both describe the same world. */
    public static final long DEFAULT_SEED = 42;

    /** What to build. */
    public record Settings(int users, int tweetsPerUser, int likesPerUser, int photoEvery, int concurrency,
                           double exponent, long celebrityThreshold, long seed) {
    }

    /** What was done, for the summary and the benchmark report. */
    public record Summary(int users, int accountsCreated, long follows, int photosUploaded, int tweets, int replies,
                          int likes, Map<String, Integer> celebrities, Map<String, Double> phaseSeconds,
                          double totalSeconds) {
    }

    private static final double[][] PLACES = {{48.8566, 2.3522}, {40.7128, -74.0060}, {35.6762, 139.6503},
        {-33.8688, 151.2093}, {51.5074, -0.1278}, {52.5200, 13.4050}, {-23.5505, -46.6333}, {19.0760, 72.8777}};

    private final ChirpHttp http;
    private final World world;
    private final Accounts accounts;
    private final Settings settings;
    /** Tweet IDs by rank, indexed by the tweet's number j, so that replies and likes pick the same targets each run. */
    private final Map<Integer, String[]> tweetIds = new ConcurrentHashMap<>();

    public WorldSeeder(ChirpHttp http, World world, Settings settings) {
        this.http = http;
        this.world = world;
        this.accounts = new Accounts(http, world);
        this.settings = settings;
    }

    public Summary run() {
        long start = System.nanoTime();
        Map<String, Double> phases = new LinkedHashMap<>();
        FollowerPlan plan = new FollowerPlan(settings.users(), settings.exponent(), settings.seed());
        List<Integer> ranks = new ArrayList<>();
        for (int rank = 1; rank <= settings.users(); rank++) {
            ranks.add(rank);
        }
        try {
            int created = timed(phases, "accounts", () -> createAccounts(ranks));
            long follows = timed(phases, "follows", () -> follow(plan));
            int photos = timed(phases, "photos", () -> uploadPhotos(ranks));
            int tweets = timed(phases, "tweets", () -> postTweets(ranks));
            int replies = timed(phases, "replies", () -> postReplies(ranks));
            int likes = timed(phases, "likes", () -> like(ranks));
            Map<String, Integer> celebrities = new LinkedHashMap<>();
            for (int rank = 1; rank <= settings.users(); rank++) {
                if (plan.followerCount(rank) >= settings.celebrityThreshold()) {
                    celebrities.put(SeedHandles.handle(rank), plan.followerCount(rank));
                }
            }
            return new Summary(settings.users(), created, follows, photos, tweets, replies, likes, celebrities,
                    phases, (System.nanoTime() - start) / 1e9);
        } finally {
            world.save();
        }
    }

    private interface Phase<T> {
        T run();
    }

    private static <T> T timed(Map<String, Double> phases, String name, Phase<T> phase) {
        long start = System.nanoTime();
        T result = phase.run();
        phases.put(name, (System.nanoTime() - start) / 1e9);
        return result;
    }

    private int createAccounts(List<Integer> ranks) {
        AtomicInteger created = new AtomicInteger();
        Parallel.forEach(ranks, settings.concurrency(), "accounts", rank -> {
            if (accounts.ensure(SeedHandles.handle(rank), displayName(rank)).created()) {
                created.incrementAndGet();
            }
        });
        world.save();
        return created.get();
    }

    private long follow(FollowerPlan plan) {
        List<long[]> pairs = new ArrayList<>();
        for (int rank = 1; rank <= plan.users(); rank++) {
            for (int follower : plan.followersOf(rank)) {
                pairs.add(new long[] {follower, rank});
            }
        }
        Parallel.forEach(pairs, settings.concurrency(), "follows", pair -> {
            SeededUser follower = user((int) pair[0]);
            SeededUser followee = user((int) pair[1]);
            ChirpHttp.Reply reply = http.call("PUT", Endpoints.USER + "/api/v1/users/" + followee.id() + "/follow",
                    follower.token(), null, null);
            if (!reply.ok()) {
                throw reply.failure(follower.handle() + " follows " + followee.handle());
            }
        });
        return pairs.size();
    }

    private int photosOf(int rank) {
        int photos = 0;
        for (int j = 0; j < settings.tweetsPerUser(); j++) {
            photos += hasPhoto(rank, j) ? 1 : 0;
        }
        return photos;
    }

    private boolean hasPhoto(int rank, int j) {
        return settings.photoEvery() > 0 && Math.floorMod(rank * 7 + j, settings.photoEvery()) == 0;
    }

    private int uploadPhotos(List<Integer> ranks) {
        AtomicInteger uploaded = new AtomicInteger();
        List<Integer> needing = ranks.stream().filter(rank -> user(rank).mediaIds().size() < photosOf(rank)).toList();
        // Image decoding and re-encoding is the heaviest request here: fewer in flight.
        Parallel.forEach(needing, Math.max(1, settings.concurrency() / 4), "photos", rank -> {
            SeededUser user = user(rank);
            List<String> media = new ArrayList<>(user.mediaIds());
            while (media.size() < photosOf(rank)) {
                boolean png = media.size() % 2 == 0;
                byte[] image = ImageMaker.photo(settings.seed() + rank * 31L + media.size(), 320, 240,
                        "@" + user.handle(), png ? "png" : "jpg");
                ChirpHttp.Reply reply = http.upload(Endpoints.MEDIA + "/api/v1/media", user.token(),
                        png ? "photo.png" : "photo.jpg", png ? "image/png" : "image/jpeg", image);
                if (!reply.ok()) {
                    throw reply.failure("photo upload of " + user.handle());
                }
                media.add(reply.text("id"));
                uploaded.incrementAndGet();
            }
            world.put(user.withMedia(media));
        });
        world.save();
        return uploaded.get();
    }

    private int postTweets(List<Integer> ranks) {
        int perUser = Math.max(0, settings.tweetsPerUser() - (settings.tweetsPerUser() > 1 ? 1 : 0));
        List<int[]> work = new ArrayList<>();
        for (int rank : ranks) {
            for (int j = 0; j < perUser; j++) {
                work.add(new int[] {rank, j});
            }
        }
        ZipfSampler popular = new ZipfSampler(settings.users(), settings.exponent());
        Parallel.forEach(work, settings.concurrency(), "tweets", item -> {
            int rank = item[0];
            int j = item[1];
            SplittableRandom random = random(rank, j);
            List<String> mentions = new ArrayList<>();
            if (random.nextInt(10) < 3) {
                int target = popular.sample(random);
                if (target != rank) {
                    mentions.add(SeedHandles.handle(target));
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", TweetTexts.compose(random, mentions, random.nextInt(3)));
            if (hasPhoto(rank, j)) {
                int index = 0;
                for (int k = 0; k < j; k++) {
                    index += hasPhoto(rank, k) ? 1 : 0;
                }
                List<String> media = user(rank).mediaIds();
                if (index < media.size()) {
                    body.put("media_ids", List.of(media.get(index)));
                }
            }
            if (random.nextInt(5) == 0) {
                double[] place = PLACES[random.nextInt(PLACES.length)];
                body.put("location", Map.of("lat", place[0] + random.nextDouble(-0.05, 0.05),
                        "lon", place[1] + random.nextDouble(-0.05, 0.05)));
            }
            post(rank, j, body);
        });
        return work.size();
    }

    private int postReplies(List<Integer> ranks) {
        if (settings.tweetsPerUser() < 2) {
            return 0;
        }
        int j = settings.tweetsPerUser() - 1;
        ZipfSampler popular = new ZipfSampler(settings.users(), settings.exponent());
        AtomicInteger replies = new AtomicInteger();
        Parallel.forEach(ranks, settings.concurrency(), "replies", rank -> {
            SplittableRandom random = random(rank, j);
            int target = popular.sample(random);
            List<String> targets = postedBy(target);
            if (target == rank || targets.isEmpty()) {
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", TweetTexts.compose(random, List.of(SeedHandles.handle(target)), random.nextInt(2)));
            body.put("reply_to_id", targets.get(random.nextInt(targets.size())));
            post(rank, j, body);
            replies.incrementAndGet();
        });
        return replies.get();
    }

    private int like(List<Integer> ranks) {
        ZipfSampler popular = new ZipfSampler(settings.users(), settings.exponent());
        List<String[]> likes = new ArrayList<>();
        for (int rank : ranks) {
            SplittableRandom random = random(rank, 1_000);
            for (int i = 0; i < settings.likesPerUser(); i++) {
                List<String> targets = postedBy(popular.sample(random));
                if (!targets.isEmpty()) {
                    likes.add(new String[] {Integer.toString(rank), targets.get(random.nextInt(targets.size()))});
                }
            }
        }
        Parallel.forEach(likes, settings.concurrency(), "likes", like -> {
            SeededUser user = user(Integer.parseInt(like[0]));
            ChirpHttp.Reply reply = http.call("PUT", Endpoints.TWEET + "/api/v1/tweets/" + like[1] + "/like",
                    user.token(), null, null);
            if (!reply.ok()) {
                throw reply.failure(user.handle() + " likes " + like[1]);
            }
        });
        return likes.size();
    }

    private void post(int rank, int j, Map<String, Object> body) {
        SeededUser user = user(rank);
        ChirpHttp.Reply reply = http.call("POST", Endpoints.TWEET + "/api/v1/tweets", user.token(), body,
                "seed-" + user.handle() + "-" + j);
        if (!reply.ok()) {
            throw reply.failure("tweet " + j + " of " + user.handle());
        }
        String[] ids = tweetIds.computeIfAbsent(rank, r -> new String[settings.tweetsPerUser()]);
        synchronized (ids) {
            ids[j] = reply.text("id");
        }
    }

    /** The original (non-reply) tweets of account {@code rank}, in their order j. */
    private List<String> postedBy(int rank) {
        String[] ids = tweetIds.get(rank);
        if (ids == null) {
            return List.of();
        }
        synchronized (ids) {
            List<String> posted = new ArrayList<>();
            for (int j = 0; j < ids.length - (ids.length > 1 ? 1 : 0); j++) {
                if (ids[j] != null) {
                    posted.add(ids[j]);
                }
            }
            return posted;
        }
    }

    private SeededUser user(int rank) {
        return world.get(SeedHandles.handle(rank))
                .orElseThrow(() -> new IllegalStateException("no account for rank " + rank));
    }

    private SplittableRandom random(int rank, int j) {
        return new SplittableRandom(settings.seed() ^ (rank * 1_000_003L + j * 7_919L));
    }

    private static final String[] FIRST = {"Ada", "Linus", "Grace", "Alan", "Barbara", "Ken", "Margaret", "Dennis",
        "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Donald"};
    private static final String[] LAST = {"Lovelace", "Torvalds", "Hopper", "Turing", "Liskov", "Thompson",
        "Hamilton", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Johnson", "Knuth"};

    private static String displayName(int rank) {
        return FIRST[rank % FIRST.length] + " " + LAST[(rank / FIRST.length) % LAST.length] + " " + rank;
    }
}
