package dev.chirp.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Which address a caller is charged to: the TCP peer, unless that peer is a configured proxy, and then the
 * nearest address in {@code X-Forwarded-For} that is not one. The context runs with Spring Boot's Kubernetes
 * defaults, under which forwarded headers would otherwise be believed from anyone.
 */
class ClientAddressIT extends GatewayITBase {

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        WebTestClient client = client();
        for (int i = 0; i < READ_CAPACITY; i++) {
            client.get().uri("/api/v1/tweets/1")
                    .header("X-Forwarded-For", "203.0.113." + (i + 1))
                    .header("Forwarded", "for=198.51.100." + (i + 1))
                    .header("X-Real-IP", "192.0.2." + (i + 1))
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 1 - i));
        }
        assertProblem(client.get().uri("/api/v1/tweets/1").header("X-Forwarded-For", "203.0.113.200").exchange(),
                429);
    }

    @Test
    void aTrustedProxyNamesTheClientAndAClientCannotNameItselfThroughIt() {
        String clientAddress = "203.0.113." + (1 + newUserId() % 250);
        WebTestClient proxyA = clientFrom("127.0.9.1");
        WebTestClient proxyB = clientFrom("127.0.9.2");
        // The client wrote a made-up first entry; the proxy appended the address it saw.
        proxyA.get().uri("/api/v1/tweets/1").header("X-Forwarded-For", "198.51.100.7, " + clientAddress).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 1));
        // Two proxies in a row: the nearest untrusted entry is still the client.
        proxyB.get().uri("/api/v1/tweets/1").header("X-Forwarded-For", "198.51.100.8, " + clientAddress + ", 127.0.9.3")
                .exchange()
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 2));
        proxyA.get().uri("/api/v1/tweets/1").header("X-Forwarded-For", "192.0.2." + (1 + newUserId() % 250))
                .exchange()
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 1));
    }
}
