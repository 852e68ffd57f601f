package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens: forged ones are 401 everywhere, identity headers never pass, the token itself passes unchanged. */
class TokenIT extends GatewayITBase {

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                Arguments.of("expired", (LongFunction<String>) TestTokens::expired),
                Arguments.of("signed by a stranger", (LongFunction<String>) TestTokens::signedByStranger),
                Arguments.of("tampered", (LongFunction<String>) id -> TestTokens.tampered(id, 1)),
                Arguments.of("alg none", (LongFunction<String>) TestTokens::unsigned),
                Arguments.of("HS256 with the public key", (LongFunction<String>) TestTokens::hmacWithPublicKey),
                Arguments.of("not a JWT", (LongFunction<String>) id -> "not.a.jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedTokenIs401EvenOnPublicEndpointsAndNothingIsForwarded(String name, LongFunction<String> forge) {
        String path = "/api/v1/tweets/" + newUserId();
        String token = forge.apply(newUserId());
        assertProblem(client().get().uri(path).header("Authorization", "Bearer " + token).exchange(), 401);
        assertProblem(client().get().uri("/api/v1/timeline/home").header("Authorization", "Bearer " + token)
                .exchange(), 401);
        assertThat(TWEET.received(path)).isEmpty();
    }

    @Test
    void nonBearerAuthorizationIs401() {
        assertProblem(client().get().uri("/api/v1/tweets/1").header("Authorization", "Basic YTpi").exchange(), 401);
    }

    @Test
    void identityHeadersFromTheClientAreStrippedAndTheTokenPassesUnchanged() {
        String path = "/api/v1/tweets/" + newUserId();
        String bearer = TestTokens.bearer(newUserId());
        client().get().uri(path)
                .header("Authorization", bearer)
                .header("X-User-Id", "1")
                .header("x-chirp-user", "1")
                .header("X-Chirp-Roles", "admin")
                // a service credential (even a valid one) is for service-to-service calls only
                .header(TestServiceTokens.HEADER, TestServiceTokens.forCall("GET", path))
                .exchange()
                .expectStatus().isOk();
        FakeService.Received received = TWEET.received(path).get(0);
        assertThat(received.headers().getFirst("Authorization")).isEqualTo(bearer);
        assertThat(received.headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("X-User-Id")
                || name.toLowerCase().startsWith("x-chirp-"));
    }

    @Test
    void rotatedKeyIsFetchedOnceWhenATokenNamesAnUnknownKeyId() throws Exception {
        client().get().uri("/api/v1/timeline/home").header("Authorization", TestTokens.bearer(newUserId()))
                .exchange().expectStatus().isOk();
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rotated-" + newUserId()).generate();
        String token = sign(rotated, newUserId());
        int hitsBefore = USER.jwksHits();

        ROTATED_KEYS.add(rotated.toPublicJWK());
        client().get().uri("/api/v1/timeline/home").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk();
        assertThat(USER.jwksHits()).isEqualTo(hitsBefore + 1);

        client().get().uri("/api/v1/timeline/home").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk();
        assertThat(USER.jwksHits()).as("the refreshed set is cached").isEqualTo(hitsBefore + 1);
    }

    @Test
    void tokenWithAnUnknownKeyIdIs401AfterOneRefetch() throws Exception {
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-" + newUserId()).generate();
        client().get().uri("/api/v1/timeline/home").header("Authorization", TestTokens.bearer(newUserId()))
                .exchange().expectStatus().isOk();
        int hitsBefore = USER.jwksHits();
        assertProblem(client().get().uri("/api/v1/timeline/home")
                .header("Authorization", "Bearer " + sign(unknown, newUserId())).exchange(), 401);
        assertThat(USER.jwksHits()).isEqualTo(hitsBefore + 1);
    }

    @Test
    void saneRequestIdIsEchoedAndForwarded() {
        String path = "/api/v1/tweets/" + newUserId();
        client().get().uri(path).header("X-Request-Id", "client-req_1.2")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-Id", "client-req_1.2");
        assertThat(TWEET.received(path).get(0).headers().getFirst("X-Request-Id")).isEqualTo("client-req_1.2");
    }

    @Test
    void insaneRequestIdIsReplaced() {
        for (String insane : List.of("<script>", "a".repeat(65), "a b", "a/b")) {
            String path = "/api/v1/tweets/" + newUserId();
            String answered = client().get().uri(path).header("X-Request-Id", insane)
                    .exchange()
                    .expectStatus().isOk()
                    .returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
            assertThat(answered).isNotEqualTo(insane).matches("[A-Za-z0-9._-]{1,64}");
            assertThat(TWEET.received(path).get(0).headers().getFirst("X-Request-Id")).isEqualTo(answered);
        }
        client().get().uri("/api/v2/none").exchange().expectHeader().exists("X-Request-Id");
    }

    private static String sign(RSAKey key, long userId) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(Long.toString(userId)).issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
