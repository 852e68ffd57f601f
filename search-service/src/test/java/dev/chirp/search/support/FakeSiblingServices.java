package dev.chirp.search.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.testsupport.TestServiceTokens;

import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for tweet-service's and user-service's internal batch lookups (COMMON contract), answering from the
 * data the tests published. Not a stand-in for infrastructure: Elasticsearch, Redis and Kafka are real. Like the
 * real ones they answer only calls that carry the service credential (401 otherwise).
 */
public final class FakeSiblingServices implements AutoCloseable {

    /** What one lookup was asked: the IDs and the viewer (null when absent). */
    public record Lookup(String path, List<Long> ids, Long viewer) {
    }

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Long, TweetSnapshot> tweets = new ConcurrentHashMap<>();
    private final Map<Long, UserSnapshot> users = new ConcurrentHashMap<>();
    private final List<Lookup> lookups = new CopyOnWriteArrayList<>();

    public FakeSiblingServices() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/tweets", exchange -> answer(exchange, tweets, this::renderTweet));
        server.createContext("/internal/users", exchange -> answer(exchange, users, this::renderUser));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void putTweet(TweetSnapshot tweet) {
        tweets.put(tweet.id(), tweet);
    }

    public void removeTweet(long id) {
        tweets.remove(id);
    }

    public void putUser(UserSnapshot user) {
        users.put(user.id(), user);
    }

    public List<Lookup> lookups() {
        return List.copyOf(lookups);
    }

    private <T> void answer(HttpExchange exchange, Map<Long, T> store, BiFunction<T, Long, Map<String, Object>> render)
            throws IOException {
        if (!TestServiceTokens.signed(exchange)) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        List<Long> ids = new ArrayList<>();
        for (String id : query.getOrDefault("ids", "").split(",")) {
            if (!id.isEmpty()) {
                ids.add(Long.parseLong(id));
            }
        }
        Long viewer = query.containsKey("viewer") ? Long.valueOf(query.get("viewer")) : null;
        lookups.add(new Lookup(exchange.getRequestURI().getPath(), ids, viewer));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Long id : ids) {
            T found = store.get(id);
            if (found != null) {
                items.add(render.apply(found, viewer));
            }
        }
        byte[] body = json.writeValueAsBytes(Map.of("items", items));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Map<String, Object> renderTweet(TweetSnapshot tweet, Long viewer) {
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("id", Long.toString(tweet.authorId()));
        author.put("handle", tweet.authorHandle());
        author.put("display_name", null);
        author.put("avatar_url", null);
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("id", Long.toString(tweet.id()));
        rendered.put("author", author);
        rendered.put("text", tweet.text());
        rendered.put("created_at", tweet.createdAt().toString());
        rendered.put("media", List.of());
        rendered.put("reply_to_id", null);
        rendered.put("mentions", List.of());
        rendered.put("hashtags", tweet.hashtags());
        rendered.put("location", tweet.location() == null ? null
                : Map.of("lat", tweet.location().lat(), "lon", tweet.location().lon()));
        rendered.put("like_count", 0);
        rendered.put("reply_count", 0);
        rendered.put("liked_by_me", viewer == null ? null : false);
        return rendered;
    }

    private Map<String, Object> renderUser(UserSnapshot user, Long viewer) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        rendered.put("id", Long.toString(user.id()));
        rendered.put("handle", user.handle());
        rendered.put("display_name", user.displayName());
        rendered.put("bio", user.bio());
        rendered.put("location", user.location());
        rendered.put("avatar_url", user.avatarUrl());
        rendered.put("created_at", user.createdAt().toString());
        rendered.put("followers_count", 0);
        rendered.put("following_count", 0);
        rendered.put("tweet_count", 0);
        rendered.put("followed_by_me", viewer == null ? null : false);
        return rendered;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
