package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** docs/03-api.md's rows reach the right service; everything else is a problem, never an HTML page. */
class RoutingIT extends GatewayITBase {

    static Stream<Arguments> apiRows() {
        return Stream.of(
                Arguments.of("POST", "/api/v1/auth/signup", "user"),
                Arguments.of("POST", "/api/v1/auth/login", "user"),
                Arguments.of("GET", "/api/v1/users/me", "user"),
                Arguments.of("PATCH", "/api/v1/users/me", "user"),
                Arguments.of("GET", "/api/v1/users/123", "user"),
                Arguments.of("GET", "/api/v1/users/@alice", "user"),
                Arguments.of("PUT", "/api/v1/users/123/follow", "user"),
                Arguments.of("DELETE", "/api/v1/users/123/follow", "user"),
                Arguments.of("GET", "/api/v1/users/123/followers", "user"),
                Arguments.of("GET", "/api/v1/users/123/following", "user"),
                Arguments.of("GET", "/api/v1/users/me/suggestions", "user"),
                Arguments.of("POST", "/api/v1/tweets", "tweet"),
                Arguments.of("GET", "/api/v1/tweets/456", "tweet"),
                Arguments.of("DELETE", "/api/v1/tweets/456", "tweet"),
                Arguments.of("GET", "/api/v1/users/123/tweets", "tweet"),
                Arguments.of("GET", "/api/v1/tweets/456/replies", "tweet"),
                Arguments.of("PUT", "/api/v1/tweets/456/like", "tweet"),
                Arguments.of("DELETE", "/api/v1/tweets/456/like", "tweet"),
                Arguments.of("GET", "/api/v1/users/123/likes", "tweet"),
                Arguments.of("GET", "/api/v1/timeline/home", "timeline"),
                Arguments.of("GET", "/api/v1/notifications", "timeline"),
                Arguments.of("POST", "/api/v1/media", "media"),
                Arguments.of("GET", "/api/v1/media/789", "media"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}-service")
    @MethodSource("apiRows")
    void everyApiRowReachesItsService(String method, String path, String service) {
        client().method(HttpMethod.valueOf(method)).uri(path + "?limit=5")
                .header("Authorization", TestTokens.bearer(newUserId()))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Fake-Service", service)
                .expectBody().jsonPath("$.path").isEqualTo(path);
    }

    @Test
    void publicEndpointsWorkWithoutAToken() {
        for (String path : new String[] {"/api/v1/tweets/1", "/api/v1/users/1", "/api/v1/users/1/tweets",
                "/api/v1/media/1"}) {
            client().get().uri(path).exchange().expectStatus().isOk();
        }
        client().post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"login\":\"a\",\"password\":\"b\"}").exchange().expectStatus().isOk();
    }

    @Test
    void otherEndpointsNeedAToken() {
        int before = USER.received("/api/v1/users/me").size();
        assertProblem(client().get().uri("/api/v1/users/me").exchange(), 401);
        assertProblem(client().get().uri("/api/v1/timeline/home").exchange(), 401);
        assertProblem(client().post().uri("/api/v1/tweets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"text\":\"hi\"}").exchange(), 401);
        assertThat(USER.received("/api/v1/users/me")).hasSize(before);
    }

    @Test
    void mediaContentRedirectIsPassedOnWithoutAToken() {
        client().get().uri("/api/v1/media/789/content").exchange()
                .expectStatus().isFound()
                .expectHeader().valueEquals("Location", "http://127.0.0.1:9000/media/signed?x=1");
    }

    @Test
    void unknownRouteIsAProblem() {
        assertProblem(client().get().uri("/api/v2/nothing").exchange(), 404);
        // "/" is the web client now (WebClientServingIT); other unknown paths stay problems
        assertProblem(client().get().uri("/index.htm").exchange(), 404);
    }

    @Test
    void internalApiIsNeverRouted() {
        assertProblem(client().get().uri("/internal/users?ids=1").exchange(), 404);
        assertProblem(client().get().uri("/internal/users?ids=1")
                .header("Authorization", TestTokens.bearer(newUserId())).exchange(), 404);
        assertProblem(client().get().uri("/internal/users?ids=1")
                .header(TestServiceTokens.HEADER, TestServiceTokens.forCall("GET", "/internal/users?ids=1"))
                .exchange(), 404);
        assertProblem(client().get()
                .uri(URI.create("http://127.0.0.1:" + port + "/api/v1/tweets/%2e%2e/%2e%2e/%2e%2e/internal/users"))
                .header("Authorization", TestTokens.bearer(newUserId())).exchange(), 400);
        assertThat(USER.received("/internal/users")).isEmpty();
        assertThat(TWEET.received("/internal/users")).isEmpty();
    }

    @Test
    void stoppedServiceAnswers503Fast() {
        long started = System.nanoTime();
        WebTestClient.ResponseSpec unavailable = client().get().uri("/api/v1/search/tweets?q=hello").exchange();
        unavailable.expectHeader().valueEquals("Retry-After", "5");
        assertProblem(unavailable, 503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertProblem(client().get().uri("/api/v1/trends").exchange(), 503);
    }

    @Test
    void jsonBodyOver64KiBIs413AndNeverForwarded() {
        String text = "x".repeat(64 * 1024);
        assertProblem(client().post().uri("/api/v1/tweets").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", TestTokens.bearer(newUserId()))
                .bodyValue("{\"text\":\"" + text + "\"}").exchange(), 413);
        assertThat(TWEET.received("/api/v1/tweets").stream()
                .filter(r -> r.method().equals("POST") && r.headers().getFirst("Content-Length") != null
                        && Long.parseLong(r.headers().getFirst("Content-Length")) > 64 * 1024))
                .isEmpty();
    }

    @Test
    void mediaUploadsMayBeFiveMiBButNotMore() {
        String bearer = TestTokens.bearer(newUserId());
        client().post().uri("/api/v1/media").header("Authorization", bearer)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(upload(5 * 1024 * 1024)))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Fake-Service", "media");
        assertProblem(client().post().uri("/api/v1/media").header("Authorization", bearer)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(upload(6 * 1024 * 1024)))
                .exchange(), 413);
    }

    private static MultiValueMap<String, HttpEntity<?>> upload(int bytes) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", new ByteArrayResource(new byte[bytes]) {
            @Override
            public String getFilename() {
                return "image.png";
            }
        }).contentType(MediaType.IMAGE_PNG);
        return body.build();
    }

    @Test
    void methodNotAllowedOnGatewayEndpointsIsAProblem() {
        assertProblem(client().post().uri("/v3/api-docs").header("Authorization", TestTokens.bearer(newUserId()))
                .exchange(), 405);
    }

    @Test
    void liveStreamIsPassedThroughUnbuffered() {
        Flux<ServerSentEvent<String>> events = client().get().uri("/api/v1/stream")
                .header("Authorization", TestTokens.bearer(newUserId()))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody();
        StepVerifier.create(events)
                .assertNext(event -> assertThat(event.data()).contains("\"1\""))
                .then(TIMELINE::releaseStreams)
                .assertNext(event -> assertThat(event.data()).contains("\"2\""))
                .thenCancel()
                .verify(Duration.ofSeconds(15));
    }

    @Test
    void corsPreflightFromAnAllowedOrigin() {
        client().options().uri("/api/v1/tweets")
                .header("Origin", "https://app.chirp.test")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.chirp.test");
    }
}
