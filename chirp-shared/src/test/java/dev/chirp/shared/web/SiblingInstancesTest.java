package dev.chirp.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Two instances of a sibling behind one RestClient: calls take them in turn, a call whose connection is refused goes
 * to the other one (a POST too), and a POST that reached an instance is never sent again. (test-support's
 * StubInstance does this for the services' tests; chirp-shared cannot use test-support, which depends on it.)
 */
class SiblingInstancesTest {

    private final Instance first = new Instance();
    private final Instance second = new Instance();

    @AfterEach
    void stop() {
        first.server.stop(0);
        second.server.stop(0);
    }

    @Test
    void callsTakeTheInstancesInTurn() {
        RestClient client = clientOf(first.uri(), second.uri());
        for (int i = 0; i < 4; i++) {
            client.get().uri("/internal/things?ids=1").retrieve().toBodilessEntity();
            client.post().uri("/internal/things").body("{}").retrieve().toBodilessEntity();
        }
        // one call each in turn: the GETs, every other call, all went to the first, the POSTs to the second
        assertThat(first.received).hasSize(4).containsOnly("GET /internal/things?ids=1");
        assertThat(second.received).hasSize(4).containsOnly("POST /internal/things");
    }

    @Test
    void aRefusedConnectionGoesToTheOtherInstanceWhateverTheMethod() {
        RestClient client = clientOf(first.uri(), second.uri());
        second.server.stop(0);
        for (int i = 0; i < 3; i++) {
            client.get().uri("/internal/things").retrieve().toBodilessEntity();
            client.post().uri("/internal/things").body("{\"n\":" + i + "}").retrieve().toBodilessEntity();
        }
        assertThat(first.received).hasSize(6).filteredOn(request -> request.startsWith("POST")).hasSize(3);
        assertThat(first.bodies).contains("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void whenNoInstanceCanBeReachedTheCallFails() {
        RestClient client = clientOf(first.uri(), second.uri());
        first.server.stop(0);
        second.server.stop(0);
        assertThatThrownBy(() -> client.post().uri("/internal/things").body("{}").retrieve().toBodilessEntity())
                .isInstanceOf(ResourceAccessException.class);
    }

    @Test
    void aPostThatReachedAnInstanceIsNotSentAgain() {
        RestClient client = clientOf(first.uri(), second.uri());
        first.status = 503;
        second.status = 503;
        assertThatThrownBy(() -> client.post().uri("/internal/things").body("{}").retrieve().toBodilessEntity())
                .isInstanceOf(HttpServerErrorException.class);
        assertThat(first.received.size() + second.received.size()).isEqualTo(1);

        first.status = 0;
        second.status = 0;
        assertThatThrownBy(() -> client.post().uri("/internal/things").body("{}").retrieve().toBodilessEntity())
                .isInstanceOf(ResourceAccessException.class);
        assertThat(first.received.size() + second.received.size()).isEqualTo(2);
    }

    @Test
    void aRedirectIsTheCallersAnswerNotFollowed() {
        RestClient client = clientOf(first.uri(), second.uri());
        first.status = 302;
        first.location = second.uri() + "/internal/elsewhere";

        // The credential is signed for the request's own target: a followed redirect would carry it elsewhere.
        assertThat(client.get().uri("/internal/things").retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(302);
        assertThat(second.received).isEmpty();
    }

    @Test
    void onlyAConnectionNeverMadeCounts() {
        assertThat(SiblingInstances.neverConnected(new ConnectException("refused"))).isTrue();
        assertThat(SiblingInstances.neverConnected(new HttpConnectTimeoutException("connect timed out"))).isTrue();
        assertThat(SiblingInstances.neverConnected(new ConnectTimeoutException("connect timed out"))).isTrue();
        assertThat(SiblingInstances.neverConnected(new SocketTimeoutException("read timed out"))).isFalse();
        assertThat(SiblingInstances.neverConnected(new IOException("wrapped", new ConnectException()))).isTrue();
        assertThat(SiblingInstances.neverConnected(new IOException("connection reset"))).isFalse();
    }

    @Test
    void callsGoToTheReadyInstancesWhileAnotherIsNot() {
        InstanceReadiness readiness = InstanceReadiness.unprobed(List.of(first.uri(), second.uri()));
        RestClient client = clientOf(readiness);
        readiness.record(second.uri(), InstanceReadiness.Answer.NOT_READY);
        for (int i = 0; i < 4; i++) {
            client.get().uri("/internal/things").retrieve().toBodilessEntity();
        }
        assertThat(first.received).hasSize(4);
        assertThat(second.received).isEmpty();

        readiness.record(second.uri(), InstanceReadiness.Answer.READY);
        for (int i = 0; i < 4; i++) {
            client.get().uri("/internal/things").retrieve().toBodilessEntity();
        }
        assertThat(second.received).hasSize(2);
    }

    @Test
    void aRestartedInstanceGetsOnlyItsShareWhileItWarmsUp() {
        AtomicLong now = new AtomicLong();
        InstanceReadiness readiness = InstanceReadiness.unprobed(List.of(first.uri(), second.uri()), now::get,
                () -> 0.5);
        RestClient client = clientOf(readiness);
        readiness.record(second.uri(), InstanceReadiness.Answer.NOT_READY);
        readiness.record(second.uri(), InstanceReadiness.Answer.READY);
        for (int i = 0; i < 4; i++) {
            client.get().uri("/internal/things").retrieve().toBodilessEntity();
        }
        assertThat(second.received).isEmpty(); // a draw of 0.5 is outside its first tenth

        now.addAndGet(InstanceReadiness.SLOW_START.toNanos());
        for (int i = 0; i < 4; i++) {
            client.get().uri("/internal/things").retrieve().toBodilessEntity();
        }
        assertThat(second.received).hasSize(2);
    }

    @Test
    void anInstanceNotReadyIsTheLastResortWhenTheReadyOneRefuses() {
        InstanceReadiness readiness = InstanceReadiness.unprobed(List.of(first.uri(), second.uri()));
        RestClient client = clientOf(readiness);
        readiness.record(second.uri(), InstanceReadiness.Answer.NOT_READY);
        first.server.stop(0);
        client.post().uri("/internal/things").body("{}").retrieve().toBodilessEntity();
        assertThat(second.received).containsExactly("POST /internal/things");
    }

    private static RestClient clientOf(URI... instances) {
        return clientOf(InstanceReadiness.unprobed(List.of(instances)));
    }

    private static RestClient clientOf(InstanceReadiness readiness) {
        return new SiblingInstances(readiness)
                .applyTo(RestClient.builder(), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .build();
    }

    /** One instance: answers {@code status}, or with 0 closes the connection once it has read the request. */
    private static final class Instance {

        final HttpServer server;
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        volatile int status = 200;
        volatile String location;

        Instance() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", this::handle);
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes()));
                URI uri = exchange.getRequestURI();
                received.add(exchange.getRequestMethod() + " " + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
                if (status != 0) {
                    exchange.getResponseHeaders().set("Connection", "close");
                    if (location != null) {
                        exchange.getResponseHeaders().set("Location", location);
                    }
                    exchange.sendResponseHeaders(status, -1);
                }
            }
        }
    }
}
