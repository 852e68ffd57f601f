package dev.chirp.search;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.chirp.shared.web.SiblingInstances;
import org.springframework.web.client.RestClient;

/**
 * HTTP clients for sibling services' internal APIs: short timeouts, traced, and each call signed with the service
 * credential, all three from Boot's {@code RestClient.Builder} as chirp-shared customises it; calls take the
 * service's instances in turn ({@link SiblingInstances}).
 */
final class InternalServiceClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private InternalServiceClients() {
    }

    static RestClient create(List<URI> instances, RestClient.Builder builder) {
        return new SiblingInstances(instances).applyTo(builder.clone(), CONNECT_TIMEOUT, READ_TIMEOUT).build();
    }
}
