package dev.chirp.timeline;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.testsupport.TestServiceTokens;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for the sibling tweet-service's internal batch lookup ({@code GET /internal/tweets?ids=&viewer=}):
 * it answers from the tweets the test published, in the order asked, without deleted or unknown ones. Like the
 * real one it answers only calls that carry the service credential (401 otherwise).
 */
final class FakeTweetService {

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Long, ObjectNode> tweets = new ConcurrentHashMap<>();
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();
    private final Set<Long> withoutCounts = ConcurrentHashMap.newKeySet();
    private final List<List<Long>> lookups = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeTweetService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/tweets", this::lookup);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void add(TweetSnapshot tweet) {
        ObjectNode node = json.createObjectNode();
        node.put("id", Long.toString(tweet.id()));
        ObjectNode author = node.putObject("author");
        author.put("id", Long.toString(tweet.authorId()));
        author.put("handle", tweet.authorHandle());
        author.putNull("display_name");
        author.putNull("avatar_url");
        node.put("text", tweet.text());
        node.put("created_at", tweet.createdAt().toString());
        node.putArray("media");
        node.put("reply_to_id", tweet.replyToId() == null ? null : tweet.replyToId().toString());
        node.putArray("mentions");
        node.putArray("hashtags");
        node.putNull("location");
        node.put("like_count", 0);
        node.put("reply_count", 0);
        node.put("liked_by_me", false);
        tweets.put(tweet.id(), node);
    }

    void delete(long tweetId) {
        deleted.add(tweetId);
    }

    /**
     * Answers this tweet as the real service does while Cassandra is away and its counts are not cached: counts and
     * {@code liked_by_me} null, and {@code Chirp-Degraded: engagement} on the answer that holds it.
     */
    void withoutCounts(long tweetId, boolean missing) {
        if (missing) {
            withoutCounts.add(tweetId);
        } else {
            withoutCounts.remove(tweetId);
        }
    }

    /** The ID lists asked for so far, one entry per call. */
    List<List<Long>> lookups() {
        return lookups;
    }

    void stop() {
        server.stop(0);
    }

    private void lookup(HttpExchange exchange) throws IOException {
        if (!TestServiceTokens.signed(exchange)) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        String ids = "";
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("ids=")) {
                ids = URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
            }
        }
        List<Long> asked = ids.isEmpty() ? List.of()
                : java.util.Arrays.stream(ids.split(",")).map(Long::parseLong).toList();
        lookups.add(asked);
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("items");
        boolean degraded = false;
        for (Long id : asked) {
            ObjectNode tweet = tweets.get(id);
            if (tweet == null || deleted.contains(id)) {
                continue;
            }
            if (withoutCounts.contains(id)) {
                tweet = tweet.deepCopy();
                tweet.putNull("like_count");
                tweet.putNull("reply_count");
                tweet.putNull("liked_by_me");
                degraded = true;
            }
            items.add(tweet);
        }
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (degraded) {
            exchange.getResponseHeaders().add("Chirp-Degraded", "engagement");
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
