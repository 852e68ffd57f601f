package dev.chirp.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.chirp.shared.web.InstanceReadiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/**
 * Requests go to the instances whose readiness probe says they are ready; an instance that says it is not (a
 * restarted one still starting) gets none until it does; with none ready, all of them.
 */
class ReadyInstancesFirstTest {

    private final Probed a = new Probed();
    private final Probed b = new Probed();

    @AfterEach
    void stop() {
        a.server.stop(0);
        b.server.stop(0);
    }

    @Test
    void anInstanceThatIsNotReadyGetsNoRequestsUntilItIs() {
        List<ServiceInstance> both = List.of(a.instance(), b.instance());
        ReadyInstancesFirst supplier = new ReadyInstancesFirst(new Fixed(both), InstanceReadiness.of(List.of(
                ReadyInstancesFirst.baseUrl(a.instance()), ReadyInstancesFirst.baseUrl(b.instance()))));
        assertThat(supplier.get().blockFirst()).containsExactlyElementsOf(both);

        b.status = 503;
        await().atMost(Duration.ofSeconds(10)).until(() -> supplier.get().blockFirst().equals(List.of(a.instance())));

        a.status = 503;
        await().atMost(Duration.ofSeconds(10)).until(() -> supplier.readyFirst(List.of(b.instance()))
                .equals(List.of(b.instance())) && supplier.readyFirst(both).equals(both));

        b.status = 200;
        await().atMost(Duration.ofSeconds(10)).until(() -> supplier.readyFirst(both).equals(List.of(b.instance())));
    }

    /** The configured instances. */
    private record Fixed(List<ServiceInstance> instances) implements ServiceInstanceListSupplier {

        @Override
        public String getServiceId() {
            return "tweet-service";
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            return Flux.just(instances);
        }
    }

    /** An instance of tweet-service answering its readiness probe with {@code status}. */
    private static final class Probed {

        final HttpServer server;
        volatile int status = 200;

        Probed() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/actuator/health/readiness", exchange -> {
                try (exchange) {
                    exchange.sendResponseHeaders(status, -1);
                }
            });
            server.start();
        }

        ServiceInstance instance() {
            return new DefaultServiceInstance("127.0.0.1:" + server.getAddress().getPort(), "tweet-service",
                    "127.0.0.1", server.getAddress().getPort(), false);
        }
    }
}
