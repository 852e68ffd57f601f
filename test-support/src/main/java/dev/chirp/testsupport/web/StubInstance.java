package dev.chirp.testsupport.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One instance of a Chirp service, stood in for on 127.0.0.1 by the JDK's HTTP server, for tests of balancing
 * across instances: it answers 200 and a JSON naming itself, or as told ({@link Answer}), keeps what it received,
 * says it is ready when asked, and can be stopped, after which its port refuses connections.
 *
 * <p>Every answer closes its connection: a caller then never holds a pooled connection to an instance that was
 * stopped since, whose use would fail after the request was sent rather than at connect.
 */
public final class StubInstance implements AutoCloseable {

    /** How the instance answers. */
    public enum Answer {
        /** 200 and {@code {"instance":"<name>"}} */
        OK,
        /** 503, as a service does that is shedding load or has lost a data store */
        UNAVAILABLE,
        /** reads the whole request, then closes the connection without an answer (a crash mid-request) */
        DROP
    }

    /** Where callers with two or more instances poll each one (chirp-shared's InstanceReadiness). */
    static final String READINESS = "/actuator/health/readiness";

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.OK;

    public StubInstance(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.createContext(READINESS, this::ready);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String name() {
        return name;
    }

    public StubInstance answering(Answer answer) {
        this.answer = answer;
        return this;
    }

    /**
     * What reached this instance, as {@code "<method> <path>"}, e.g. {@code "POST /api/v1/tweets"}; not the readiness
     * probes, which it answers 200 for as long as it runs, whatever it answers to the rest.
     */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Stops listening: from now on connections to its port are refused. */
    public void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    private void ready(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            Answer now = answer;
            if (now == Answer.DROP) {
                // closing an exchange that sent no headers closes its connection: no status line goes out
                return;
            }
            byte[] body = ("{\"instance\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(now == Answer.OK ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
