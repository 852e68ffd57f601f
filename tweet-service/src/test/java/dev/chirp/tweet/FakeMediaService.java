package dev.chirp.tweet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chirp.testsupport.TestServiceTokens;

/**
 * A stand-in for media-service (a sibling service, not infrastructure): its internal API
 * {@code GET /internal/media?ids=} (media-service README), on 127.0.0.1 and a random port. Like the real one it
 * answers only calls that carry the service credential (401 otherwise), so every test that posts media also
 * proves that tweet-service signs its calls.
 */
public final class FakeMediaService {

    private final HttpServer server;
    private final Map<Long, Long> owners = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(System.nanoTime() & 0xFFFFFFFFFFL);
    private final AtomicBoolean down = new AtomicBoolean();

    FakeMediaService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/media", this::lookup);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers an image uploaded by {@code ownerId}; returns its ID. */
    public long upload(long ownerId) {
        long id = nextId.incrementAndGet();
        owners.put(id, ownerId);
        return id;
    }

    /** While down, every call is answered 503, as a crashed service behind a proxy would be. */
    public void setDown(boolean isDown) {
        down.set(isDown);
    }

    static String url(long mediaId, String kind) {
        return "http://127.0.0.1:8080/api/v1/media/" + mediaId + "/" + kind;
    }

    private void lookup(HttpExchange exchange) throws IOException {
        if (down.get()) {
            respond(exchange, 503, "{}");
            return;
        }
        if (!TestServiceTokens.signed(exchange)) {
            respond(exchange, 401, "{}");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        List<String> items = new ArrayList<>();
        if (query != null && query.startsWith("ids=")) {
            for (String raw : URLDecoder.decode(query.substring(4), StandardCharsets.UTF_8).split(",")) {
                long id = Long.parseLong(raw);
                Long owner = owners.get(id);
                if (owner != null) {
                    items.add(("{\"id\":\"%d\",\"type\":\"image\",\"content_type\":\"image/png\",\"width\":640,"
                            + "\"height\":480,\"size_bytes\":12345,\"url\":\"%s\",\"thumbnail_url\":\"%s\","
                            + "\"owner_id\":\"%d\"}").formatted(id, url(id, "content"), url(id, "thumbnail"), owner));
                }
            }
        }
        respond(exchange, 200, "{\"items\":[" + String.join(",", items) + "]}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
