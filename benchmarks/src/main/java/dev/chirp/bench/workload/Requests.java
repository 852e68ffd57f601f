package dev.chirp.bench.workload;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.world.SeededUser;
import dev.chirp.bench.world.TweetTexts;
import tools.jackson.databind.json.JsonMapper;

/** The requests of the workloads, built against a base URL (gateway or a service directly). */
public final class Requests {

    static final int PAGE = 10;

    private final JsonMapper json;

    public Requests(JsonMapper json) {
        this.json = json;
    }

    public HttpRequest homeTimeline(String base, SeededUser reader) {
        return ChirpHttp.request(base + "/api/v1/timeline/home?limit=" + PAGE, reader.token()).GET().build();
    }

    public HttpRequest userTimeline(String base, SeededUser reader, SeededUser author) {
        return ChirpHttp.request(base + "/api/v1/users/" + author.id() + "/tweets?limit=" + PAGE, reader.token())
                .GET().build();
    }

    public HttpRequest search(String base, SeededUser reader, String query) {
        return ChirpHttp.request(base + "/api/v1/search/tweets?limit=" + PAGE + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8), reader.token()).GET().build();
    }

    /** A DeathStarBench-style post: 1–6 mentions of random users and 1–k of the author's own images. */
    HttpRequest post(String base, SeededUser author, List<SeededUser> users, SplittableRandom random) {
        int mentionCount = 1 + random.nextInt(6);
        List<String> mentions = new ArrayList<>(mentionCount);
        for (int i = 0; i < mentionCount; i++) {
            mentions.add(users.get(random.nextInt(users.size())).handle());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", TweetTexts.compose(random, mentions, random.nextInt(3)));
        List<String> media = author.mediaIds();
        if (!media.isEmpty()) {
            int count = 1 + random.nextInt(Math.min(4, media.size()));
            body.put("media_ids", media.subList(0, count));
        }
        return plainPost(base, author, body);
    }

    public HttpRequest plainPost(String base, SeededUser author, Map<String, Object> body) {
        return postBuilder(base, author, body).build();
    }

    /** A post that carries an {@code Idempotency-Key}. */
    public HttpRequest plainPost(String base, SeededUser author, Map<String, Object> body, String idempotencyKey) {
        return postBuilder(base, author, body).header("Idempotency-Key", idempotencyKey).build();
    }

    private HttpRequest.Builder postBuilder(String base, SeededUser author, Map<String, Object> body) {
        return ChirpHttp.request(base + "/api/v1/tweets", author.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    }

    public static String searchQuery(SplittableRandom random, List<SeededUser> users) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            return TweetTexts.WORDS.get(random.nextInt(TweetTexts.WORDS.size()));
        }
        if (kind < 8) {
            return "#" + TweetTexts.hashtag(random);
        }
        return "from:" + users.get(random.nextInt(users.size())).handle();
    }
}
