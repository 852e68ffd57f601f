package dev.chirp.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances whose readiness is polled: one that says it is not ready, or stops listening, drops out and comes
 * back once it says it is ready; a slow answer changes nothing; and with none ready, all are eligible.
 */
class InstanceReadinessTest {

    private final Probed first = new Probed();
    private final Probed second = new Probed();

    @AfterEach
    void stop() {
        first.server.stop(0);
        second.server.stop(0);
    }

    @Test
    void anInstanceThatSaysItIsNotReadyDropsOutUntilItIsReady() {
        InstanceReadiness readiness = InstanceReadiness.of(List.of(first.uri(), second.uri()));
        assertThat(readiness.isEligible(second.uri())).isTrue();

        second.status = 503;
        await().atMost(Duration.ofSeconds(10)).until(() -> !readiness.isEligible(second.uri()));
        assertThat(readiness.isEligible(first.uri())).isTrue();

        second.status = 200;
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness.isEligible(second.uri()));
    }

    @Test
    void anInstanceThatStoppedListeningDropsOut() {
        InstanceReadiness readiness = InstanceReadiness.of(List.of(first.uri(), second.uri()));
        first.server.stop(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !readiness.isEligible(first.uri()));
        assertThat(readiness.isEligible(second.uri())).isTrue();
    }

    @Test
    void aSlowProbeChangesNothingAndNoneReadyMeansAllEligible() {
        URI a = URI.create("http://127.0.0.1:1");
        URI b = URI.create("http://127.0.0.1:2");
        InstanceReadiness readiness = InstanceReadiness.unprobed(List.of(a, b));

        readiness.record(a, InstanceReadiness.Answer.of(new HttpTimeoutException("request timed out")));
        assertThat(readiness.isEligible(a)).isTrue();

        readiness.record(a, InstanceReadiness.Answer.of(new IOException("wrapped", new ConnectException())));
        assertThat(readiness.isEligible(a)).isFalse();
        readiness.record(a, InstanceReadiness.Answer.of(new HttpTimeoutException("request timed out")));
        assertThat(readiness.isEligible(a)).isFalse();

        readiness.record(b, InstanceReadiness.Answer.of(503));
        assertThat(readiness.isEligible(a)).isTrue();
        assertThat(readiness.isEligible(b)).isTrue();
    }

    @Test
    void aReturningInstanceTakesAShareOfTheCallsThatGrowsOverTheSlowStart() {
        URI a = URI.create("http://127.0.0.1:1");
        URI b = URI.create("http://127.0.0.1:2");
        AtomicLong now = new AtomicLong();
        AtomicReference<Double> draw = new AtomicReference<>(0.5);
        InstanceReadiness readiness = InstanceReadiness.unprobed(List.of(a, b), now::get, draw::get);
        assertThat(readiness.rank(b)).isEqualTo(InstanceReadiness.Rank.TAKE); // known from the start: warm

        readiness.record(b, InstanceReadiness.Answer.NOT_READY);
        assertThat(readiness.rank(b)).isEqualTo(InstanceReadiness.Rank.NOT_READY);
        assertThat(readiness.rank(a)).isEqualTo(InstanceReadiness.Rank.TAKE);

        readiness.record(b, InstanceReadiness.Answer.READY);
        // a tenth at first: a draw of 0.05 is in its share, 0.5 is not
        draw.set(0.05);
        assertThat(readiness.rank(b)).isEqualTo(InstanceReadiness.Rank.TAKE);
        draw.set(0.5);
        assertThat(readiness.rank(b)).isEqualTo(InstanceReadiness.Rank.WARMING);
        // then in proportion to the time since it became ready
        now.addAndGet(InstanceReadiness.SLOW_START.toNanos() * 6 / 10);
        assertThat(readiness.rank(b)).isEqualTo(InstanceReadiness.Rank.TAKE);
        draw.set(0.7);
        assertThat(readiness.rank(b)).isEqualTo(InstanceReadiness.Rank.WARMING);
        now.addAndGet(InstanceReadiness.SLOW_START.toNanos() * 4 / 10);
        draw.set(0.99);
        assertThat(readiness.rank(b)).isEqualTo(InstanceReadiness.Rank.TAKE);
        assertThat(readiness.rank(a)).isEqualTo(InstanceReadiness.Rank.TAKE);
    }

    @Test
    void aSingleInstanceIsNeverProbed() throws Exception {
        InstanceReadiness.of(List.of(first.uri()));
        first.status = 503;
        // bounded: three probe intervals in which a probe would have arrived
        await().during(Duration.ofMillis(3 * InstanceReadiness.INTERVAL.toMillis()))
                .atMost(Duration.ofSeconds(10)).until(() -> first.probes == 0);
    }

    /** An instance answering its readiness probe with {@code status}. */
    private static final class Probed {

        final HttpServer server;
        volatile int status = 200;
        volatile int probes;

        Probed() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext(InstanceReadiness.PATH, this::handle);
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                probes++;
                exchange.sendResponseHeaders(status, -1);
            }
        }
    }
}
