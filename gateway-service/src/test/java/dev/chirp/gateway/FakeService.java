package dev.chirp.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for one Chirp service on 127.0.0.1: answers every request with 200 and a small JSON naming itself,
 * and remembers what it received, so tests can see what the gateway forwarded (and what it did not).
 */
final class FakeService {

    /** One request as the service saw it. */
    record Received(String method, String path, Headers headers) {
    }

    private final String name;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<String>> documents = new ConcurrentHashMap<>();
    private final AtomicInteger jwksHits = new AtomicInteger();
    private final CountDownLatch streamRelease = new CountDownLatch(1);
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

    FakeService(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves {@code body} as JSON at {@code path} (e.g. the service's OpenAPI document, or a JWK set). */
    FakeService serving(String path, Supplier<String> body) {
        documents.put(path, body);
        return this;
    }

    /** Answers at {@code path} wait (at most 20 s) until {@link #release}: a service that is slow, e.g. warming up. */
    FakeService holding(String path) {
        held.put(path, new CountDownLatch(1));
        return this;
    }

    void release(String path) {
        held.get(path).countDown();
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    int jwksHits() {
        return jwksHits.get();
    }

    void releaseStreams() {
        streamRelease.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders()));
            exchange.getResponseHeaders().set("X-Fake-Service", name);
            if (path.equals("/api/v1/timeline/home")) {
                // as timeline-service does: its own phases, which the gateway passes on and adds to
                exchange.getResponseHeaders().set("Server-Timing", "timeline-redis;dur=1.5;desc=\"fake read\"");
            }
            CountDownLatch hold = held.get(path);
            if (hold != null) {
                awaitQuietly(hold);
            }
            if (documents.containsKey(path)) {
                if (path.equals("/.well-known/jwks.json")) {
                    jwksHits.incrementAndGet();
                }
                respond(exchange, 200, "application/json", documents.get(path).get());
            } else if (path.equals("/api/v1/stream")) {
                stream(exchange);
            } else if (path.endsWith("/content")) {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:9000/media/signed?x=1");
                exchange.sendResponseHeaders(302, -1);
            } else {
                respond(exchange, 200, "application/json",
                        "{\"service\":\"" + name + "\",\"path\":\"" + path + "\"}");
            }
        }
    }

    /** One event at once, then nothing until the test has seen it: proves the gateway does not buffer. */
    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("event: tweet\ndata: {\"id\":\"1\"}\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        awaitQuietly(streamRelease);
        out.write("event: tweet\ndata: {\"id\":\"2\"}\n\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A port on 127.0.0.1 where nothing listens: a stopped service. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
