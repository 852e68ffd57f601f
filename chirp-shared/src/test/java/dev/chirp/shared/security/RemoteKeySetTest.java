package dev.chirp.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A service's verifier against a small HTTP server on 127.0.0.1 standing in for user-service's JWKS endpoint, on a
 * hand-driven clock: when the endpoint starts failing, tokens keep verifying past the max age on the last good keys,
 * until max age + stale-if-error; then they stop, and verify again once the endpoint is back.
 */
class RemoteKeySetTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Duration STALE_IF_ERROR = Duration.ofHours(24);

    private final AtomicLong now = new AtomicLong(3_000_000_000L);
    private final AtomicInteger hits = new AtomicInteger();
    private volatile boolean failing;
    private HttpServer server;
    private RSAKey key;
    private JwtDecoder decoder;

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            try (exchange) {
                hits.incrementAndGet();
                byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(failing ? 503 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        SecurityProperties properties = new SecurityProperties(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json", null, List.of(),
                Duration.ofSeconds(2), MAX_AGE, Duration.ofSeconds(30), STALE_IF_ERROR,
                new SecurityProperties.Internal(null, Duration.ofSeconds(30)),
                new SecurityProperties.TokenCache(10, Duration.ofMinutes(2)));
        decoder = JwtDecoders.withChirpValidators(JwtDecoders.fromKeySource(JwtDecoders.remoteKeys(properties,
                now::get)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void tokensKeepVerifyingThroughAnOutageUpToTheBound() throws Exception {
        String token = token();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("42");

        failing = true;
        advance(MAX_AGE.plusSeconds(1));
        assertThat(decoder.decode(token).getSubject()).as("past the max age, refresh failing").isEqualTo("42");
        advance(Duration.ofHours(12));
        assertThat(decoder.decode(token).getSubject()).isEqualTo("42");
        assertThat(hits.get()).as("the refresh was tried each time the back-off allowed").isEqualTo(3);

        advance(Duration.ofHours(12));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);

        failing = false;
        advance(Duration.ofSeconds(30));
        assertThat(decoder.decode(token).getSubject()).as("recovers once the endpoint is back").isEqualTo("42");
    }

    @Test
    void withoutEverFetchingKeysNoTokenVerifies() throws Exception {
        failing = true;
        String token = token();
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThat(hits.get()).as("the second token meets the back-off, not the endpoint").isEqualTo(1);
    }

    private String token() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject("42").issueTime(java.util.Date.from(Instant.now()))
                        .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
