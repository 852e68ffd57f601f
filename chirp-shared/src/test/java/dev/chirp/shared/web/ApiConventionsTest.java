package dev.chirp.shared.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.security.Caller;
import dev.chirp.shared.security.ServiceToken;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/03-api.md's conventions as every servlet service gets them from chirp-shared, checked over real HTTP.
 */
@SpringBootTest(classes = ApiConventionsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chirp.security.public-paths=/public/**",
                "chirp.security.internal.secret=" + ApiConventionsTest.INTERNAL_SECRET,
                "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                        + "org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration",
                "logging.structured.format.console="})
class ApiConventionsTest {

    static final String INTERNAL_SECRET = "api-conventions-test-internal-secret-0123456789";
    static final RSAKey KEY;
    static final RSAKey OTHER;

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("k1").generate();
            OTHER = new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("chirp.security.jwks", () -> new JWKSet(KEY.toPublicJWK()).toString());
    }

    /** Boot's test filter skips classes nested in a test class, so the probe controller is imported by hand. */
    @SpringBootApplication
    @Import(Probe.class)
    static class App {
    }

    record Draft(@NotBlank @Size(max = 5) String displayName, int count) {
    }

    record Stamp(String tweetId, Instant createdAt, Long missing) {
    }

    @RestController
    static class Probe {

        @GetMapping("/internal/owners")
        Map<String, String> owners() {
            return Map.of("owner_id", "7");
        }

        @GetMapping("/public/stamp")
        Stamp stamp(Caller caller) {
            return new Stamp(caller.isAnonymous() ? "anonymous" : Long.toString(caller.userId()),
                    Instant.parse("2026-11-21T19:12:21Z"), null);
        }

        @GetMapping("/private/me")
        Stamp me(Caller caller) {
            return new Stamp(Long.toString(caller.requireId()), Instant.parse("2026-11-21T19:12:21.5Z"), null);
        }

        @PostMapping("/public/drafts")
        Draft draft(@Valid @RequestBody Draft draft) {
            return draft;
        }

        @GetMapping("/public/taken")
        void taken() {
            throw ApiException.conflict("That handle is taken.");
        }

        @GetMapping("/public/boom")
        void boom() {
            throw new IllegalStateException("secret internal detail");
        }

        @GetMapping("/public/store-away")
        void storeAway() {
            throw new IllegalStateException("reading the timeline failed",
                    new DriverTimeoutException("Query timed out after PT2S"));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    RestClient.Builder restClients;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    HttpRequest.Builder postJson(String path, String body) {
        return at(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    JsonNode problem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/problem+json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asString()).isEqualTo("https://chirp.dev/problems/" + type);
        assertThat(body.hasNonNull("title")).isTrue();
        assertThat(body.hasNonNull("detail")).isTrue();
        assertThat(body.hasNonNull("instance")).isTrue();
        assertThat(response.body()).doesNotContain("Exception", "at dev.chirp", "<html");
        return body;
    }

    static String token(RSAKey key, long userId, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(Long.toString(userId)).issueTime(new Date())
                        .expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void responsesAreSnakeCaseWithMillisecondTimesAndExplicitNulls() throws Exception {
        HttpResponse<String> response = send(at("/public/stamp"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "{\"tweet_id\":\"anonymous\",\"created_at\":\"2026-11-21T19:12:21.000Z\",\"missing\":null}");
    }

    @Test
    void tokensAreVerifiedAndTheCallerComesOnlyFromThem() throws Exception {
        String valid = token(KEY, 77, Instant.now().plusSeconds(600));
        assertThat(send(at("/private/me").header("Authorization", "Bearer " + valid)).body()).contains("\"77\"");
        assertThat(send(at("/public/stamp").header("Authorization", "Bearer " + valid)).body()).contains("\"77\"");

        problem(send(at("/private/me")), 401, "unauthorized");
        problem(send(at("/private/me").header("X-User-Id", "77")), 401, "unauthorized");
        problem(send(at("/private/me").header("Authorization", "Bearer " + token(OTHER, 77,
                Instant.now().plusSeconds(600)))), 401, "unauthorized");
        problem(send(at("/private/me").header("Authorization", "Bearer " + token(KEY, 77,
                Instant.now().minusSeconds(600)))), 401, "unauthorized");
        problem(send(at("/private/me").header("Authorization", "Bearer not.a.token")), 401, "unauthorized");
    }

    @Test
    void badBodiesGetTheirDocumentedStatus() throws Exception {
        problem(send(postJson("/public/drafts", "{\"display_name\": ")), 400, "malformed-json");
        JsonNode wrongType = problem(send(postJson("/public/drafts", "{\"display_name\":\"ok\",\"count\":\"x\"}")),
                400, "validation");
        assertThat(wrongType.get("errors").get(0).get("field").asString()).isEqualTo("count");
        JsonNode invalid = problem(send(postJson("/public/drafts", "{\"display_name\":\"much too long\",\"count\":1}")), 400,
                "validation");
        assertThat(invalid.get("errors").get(0).get("field").asString()).isEqualTo("display_name");
        problem(send(postJson("/public/drafts", "{\"display_name\":\"" + "x".repeat(70_000) + "\"}")), 413,
                "payload-too-large");
        problem(send(at("/public/drafts").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi"))), 415, "unsupported-media-type");
        assertThat(send(postJson("/public/drafts", "{\"display_name\":\"ok\",\"count\":2,\"unknown\":1}")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aNumberOrBooleanWhereTextIsExpectedIsAWrongTypeNotText() throws Exception {
        for (String value : new String[] {"5", "5.5", "true"}) {
            JsonNode wrongType = problem(send(postJson("/public/drafts", "{\"display_name\":" + value + ",\"count\":1}")), 400,
                    "validation");
            assertThat(wrongType.get("errors").get(0).get("field").asString()).isEqualTo("display_name");
        }
    }

    @Test
    void refusalsAndFailuresAreProblemsWithoutInternals() throws Exception {
        assertThat(problem(send(at("/public/taken")), 409, "conflict").get("detail").asString())
                .isEqualTo("That handle is taken.");
        problem(send(at("/public/boom")), 500, "internal-error");
        HttpResponse<String> storeAway = send(at("/public/store-away"));
        assertThat(problem(storeAway, 503, "service-unavailable").get("detail").asString()).doesNotContain("PT2S");
        assertThat(storeAway.headers().firstValue("Retry-After")).hasValue("5");
        problem(send(at("/public/nowhere")), 404, "not-found");
        problem(send(at("/public/stamp").DELETE()), 405, "method-not-allowed");
    }

    @Test
    void internalEndpointsAnswerOnlyACallSignedWithTheDeploymentsSecret() throws Exception {
        ServiceToken ours = ServiceToken.of(INTERNAL_SECRET, Duration.ofSeconds(30), Clock.systemUTC());
        String path = "/internal/owners";

        assertThat(send(at(path).header(ServiceToken.HEADER, ours.issue("GET", path))).body())
                .isEqualTo("{\"owner_id\":\"7\"}");
        assertThat(restClients.clone().baseUrl("http://127.0.0.1:" + port).build().get().uri(path).retrieve()
                .body(String.class)).as("Boot's RestClient.Builder signs internal calls").contains("owner_id");

        String user = "Bearer " + token(KEY, 77, Instant.now().plusSeconds(600));
        ServiceToken stranger = ServiceToken.of("another-deployments-secret-0123456789abcdef", Duration.ofSeconds(30),
                Clock.systemUTC());
        ServiceToken minuteAgo = ServiceToken.of(INTERNAL_SECRET, Duration.ofSeconds(30),
                Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC));
        for (HttpRequest.Builder refused : new HttpRequest.Builder[] {
                at(path),
                at(path).header("Authorization", user),
                at(path).header(ServiceToken.HEADER, stranger.issue("GET", path)),
                at(path).header(ServiceToken.HEADER, minuteAgo.issue("GET", path)),
                at(path).header(ServiceToken.HEADER, ours.issue("GET", "/internal/other")),
                at(path + "?ids=1").header(ServiceToken.HEADER, ours.issue("GET", path)),
                at(path).header(ServiceToken.HEADER, ours.issue("GET", path) + "x"),
                at(path).header(ServiceToken.HEADER, "garbage")}) {
            HttpResponse<String> response = send(refused);
            problem(response, 401, "unauthorized");
            assertThat(response.body()).doesNotContain("owner_id");
        }
    }
}
