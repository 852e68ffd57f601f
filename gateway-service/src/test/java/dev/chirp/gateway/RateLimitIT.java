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

    @Test
    void percentEncodedAndUnnormalisedPathsAreChargedToTheBucketOfThePathTheyMean() {
        WebTestClient client = client();
        client.post().uri(raw("/api/v1/auth/%6Cogin")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(loginBody("enc_" + newUserId())).exchange()
                .expectHeader().valueEquals("X-RateLimit-Limit", String.valueOf(LOGIN_CAPACITY))
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(LOGIN_CAPACITY - 1));
        client.post().uri(raw("/api/v1/auth/login/")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(loginBody("enc_" + newUserId())).exchange()
                .expectHeader().valueEquals("X-RateLimit-Limit", String.valueOf(LOGIN_CAPACITY))
                .expectHeader().valueEquals("X-RateLimit-Remaining", String.valueOf(LOGIN_CAPACITY - 2));

        String bearer = TestTokens.bearer(newUserId());
        client.post().uri(raw("/api/v1/medi%61")).header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(new byte[] {1}).exchange()
                .expectHeader().valueEquals("X-RateLimit-Limit", "2")
                .expectHeader().valueEquals("X-RateLimit-Remaining", "1");
        client.post().uri(raw("/api/v1/MEDI%61")).header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(new byte[] {1}).exchange()
                .expectHeader().valueEquals("X-RateLimit-Limit", "3");
    }

    @Test
    void pathsThatDecodeIntoSomethingElseAreRefusedBeforeRouting() {
        for (String path : new String[] {"/api/v1/tweets/%2e%2e/%2e%2e/internal/users", "/api/v1/tweets/..%2Finternal",
                "/api/v1/tweets/%2F", "/api/v1/tweets/1%5C", "/api/v1/tweets/%252e%252e", "/api/v1/tweets/1%00",
                "/api/v1/tweets/1%0d%0aX-Evil:%201", "/api/v1/tweets/1%7F"}) {
            assertProblem(client().get().uri(raw(path)).header("Authorization", TestTokens.bearer(newUserId()))
                    .exchange(), 400);
        }
    }

    @Test
    void aValidTokenDoesNotMoveLoginAttemptsOffTheClientAddress() {
        WebTestClient client = client();
        for (int i = 0; i < LOGIN_CAPACITY; i++) {
            login(client, "tok_" + newUserId(), TestTokens.bearer(newUserId())).expectStatus().isOk();
        }
        assertProblem(login(client, "tok_" + newUserId(), TestTokens.bearer(newUserId())), 429);
        assertProblem(client.post().uri("/api/v1/auth/signup").header("Authorization", TestTokens.bearer(newUserId()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"handle\":\"h" + newUserId() + "\"}")
                .exchange(), 429);
    }

    @Test
    void loginAttemptsAtOneAccountAreLimitedWhateverAddressTheyComeFrom() {
        String victim = "victim_" + newUserId();
        for (int i = 0; i < ACCOUNT_LOGIN_CAPACITY; i++) {
            login(client(), victim, null).expectStatus().isOk();
        }
        WebTestClient.ResponseSpec refused = login(client(), "  " + victim.toUpperCase() + " ", null);
        refused.expectHeader().exists("Retry-After");
        assertProblem(refused, 429);
        login(client(), "someone_else_" + newUserId(), null).expectStatus().isOk();
    }

    @Test
    void aLoginBodyTooLargeToReadForItsAccountIsRefused() {
        String padded = "{\"password\":\"" + "x".repeat(20_000) + "\",\"login\":\"pad_" + newUserId() + "\"}";
        assertProblem(client().post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(padded).exchange(), 413);
    }

    private static WebTestClient.ResponseSpec login(WebTestClient client) {
        return login(client, "alice_" + newUserId(), null);
    }

    private static WebTestClient.ResponseSpec login(WebTestClient client, String login, String bearer) {
        WebTestClient.RequestBodySpec request = client.post().uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON);
        if (bearer != null) {
            request = request.header("Authorization", bearer);
        }
        return request.bodyValue(loginBody(login)).exchange();
    }

    private static String loginBody(String login) {
        return "{\"login\":\"" + login + "\",\"password\":\"wrong password\"}";
    }
}
