package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.chirp.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Token buckets in Redis: exact counts, refill, separate buckets per kind and per caller. */
class RateLimitIT extends GatewayITBase {

    @Autowired
    MeterRegistry meters;

    @Test
    void bucketAllowsItsCapacityThenRefusesWithRetryAfterThenRefills() {
        WebTestClient client = client();
        String bearer = TestTokens.bearer(newUserId());
        for (int i = READ_CAPACITY - 1; i >= 0; i--) {
            client.get().uri("/api/v1/tweets/1").header("Authorization", bearer).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("X-RateLimit-Limit", String.valueOf(READ_CAPACITY))
                    .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(i));
        }
        double rejectedBefore = meters.counter("chirp.gateway.ratelimit.rejected").count();
        int forwardedBefore = TWEET.received("/api/v1/tweets/1").size();

        WebTestClient.ResponseSpec refused = client.get().uri("/api/v1/tweets/1").header("Authorization", bearer)
                .exchange();
        refused.expectHeader().valueEquals("X-RateLimit-Remaining", "0")
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 2L));
        assertProblem(refused, 429);
        assertThat(TWEET.received("/api/v1/tweets/1")).hasSize(forwardedBefore);
        assertThat(meters.counter("chirp.gateway.ratelimit.rejected").count()).isEqualTo(rejectedBefore + 1);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                client.get().uri("/api/v1/tweets/1").header("Authorization", bearer).exchange()
                        .expectStatus().isOk());
    }

    @Test
    void loginAttemptsHaveTheirOwnTighterBucket() {
        WebTestClient client = client();
        for (int i = 0; i < LOGIN_CAPACITY; i++) {
            login(client).expectStatus().isOk()
                    .expectHeader().valueEquals("X-RateLimit-Limit", String.valueOf(LOGIN_CAPACITY));
        }
        WebTestClient.ResponseSpec refused = login(client);
        refused.expectHeader().exists("Retry-After");
        assertProblem(refused, 429);
        client.get().uri("/api/v1/users/1").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Limit", String.valueOf(READ_CAPACITY));
    }

    @Test
    void usersHaveBucketsOfTheirOwnApartFromTheirAddress() {
        WebTestClient client = client();
        String alice = TestTokens.bearer(newUserId());
        String bob = TestTokens.bearer(newUserId());
        for (int i = 0; i < READ_CAPACITY; i++) {
            client.get().uri("/api/v1/timeline/home").header("Authorization", alice).exchange()
                    .expectStatus().isOk();
        }
        assertProblem(client.get().uri("/api/v1/timeline/home").header("Authorization", alice).exchange(), 429);
        client.get().uri("/api/v1/timeline/home").header("Authorization", bob).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 1));
        client.get().uri("/api/v1/tweets/1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 1));
    }

    @Test
    void anonymousCallersAreLimitedPerAddress() {
        WebTestClient first = client();
        for (int i = 0; i < READ_CAPACITY; i++) {
            first.get().uri("/api/v1/tweets/1").exchange().expectStatus().isOk();
        }
        assertProblem(first.get().uri("/api/v1/tweets/1").exchange(), 429);
        client().get().uri("/api/v1/tweets/1").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 1));
    }

    @Test
    void rateLimitHeadersOnSuccessNotFoundAndUnauthorizedAlike() {
        WebTestClient client = client();
        client.get().uri("/api/v1/tweets/1").exchange().expectStatus().isOk()
                .expectHeader().exists("X-RateLimit-Limit").expectHeader().exists("X-RateLimit-Remaining");
        client.get().uri("/api/v2/nothing").exchange().expectStatus().isNotFound()
                .expectHeader().exists("X-RateLimit-Limit").expectHeader().exists("X-RateLimit-Remaining");
        client.get().uri("/api/v1/timeline/home").exchange().expectStatus().isUnauthorized()
                .expectHeader().exists("X-RateLimit-Limit").expectHeader().exists("X-RateLimit-Remaining");
        client.get().uri("/api/v1/tweets/1").header("Authorization", "Bearer " + TestTokens.expired(1)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().exists("X-RateLimit-Limit").expectHeader().exists("X-RateLimit-Remaining");
        client.get().uri("/api/v1/search/users?q=a").exchange().expectStatus().isEqualTo(503)
                .expectHeader().exists("X-RateLimit-Limit").expectHeader().exists("X-RateLimit-Remaining");
        client().get().uri("/internal/users?ids=1").exchange().expectStatus().isNotFound()
                .expectHeader().exists("X-RateLimit-Limit").expectHeader().exists("X-RateLimit-Remaining");
    }

    @Test
    void writesDrawFromTheWriteBucket() {
        WebTestClient client = client();
        String bearer = TestTokens.bearer(newUserId());
        client.put().uri("/api/v1/tweets/5/like").header("Authorization", bearer).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-RateLimit-Limit", "3")
                .expectHeader().valueEquals("X-RateLimit-Remaining", "2");
        client.get().uri("/api/v1/tweets/5").header("Authorization", bearer).exchange()
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(READ_CAPACITY - 1));
    }

    private static WebTestClient.ResponseSpec login(WebTestClient client) {
        return client.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"login\":\"alice\",\"password\":\"wrong password\"}").exchange();
    }
}
