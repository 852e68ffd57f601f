package dev.chirp.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.chirp.shared.security.KeySetRefreshPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The key set cache against a small HTTP server on 127.0.0.1 standing in for user-service's JWKS endpoint, with a
 * hand-driven clock: what is fetched when, and that unknown key IDs cannot make it fetch more than once per interval.
 */
class KeySetCacheTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
    private static final Duration STALE_IF_ERROR = Duration.ofHours(24);

    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private volatile int status = 200;
    private HttpServer server;
    private KeySetCache cache;
    private RSAKey current;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            hits.incrementAndGet();
            byte[] body = new JWKSet(published).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        current = key("current");
        published.add(current.toPublicJWK());
        cache = new KeySetCache(WebClient.create(), URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/.well-known/jwks.json"), Duration.ofSeconds(30), REFETCH_INTERVAL,
                new KeySetRefreshPolicy<>(MAX_AGE, STALE_IF_ERROR, REFETCH_INTERVAL, now::get));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesOnceAndAnswersKnownKeysFromTheCache() throws Exception {
        assertThat(keysFor(current)).containsExactly("current");
        assertThat(keysFor(current)).containsExactly("current");
        advance(MAX_AGE.minusSeconds(1));
        assertThat(keysFor(current)).containsExactly("current");
        assertThat(hits).hasValue(1);
    }

    @Test
    void aRotatedKeyIsFetchedAtOnce() throws Exception {
        keysFor(current);
        advance(REFETCH_INTERVAL);
        RSAKey rotated = key("rotated");
        published.add(rotated.toPublicJWK());

        assertThat(keysFor(rotated)).containsExactly("rotated");
        assertThat(hits).hasValue(2);
    }

    @Test
    void unknownKeyIdsCauseAtMostOneFetchPerInterval() throws Exception {
        keysFor(current);
        advance(REFETCH_INTERVAL);

        for (int i = 0; i < 50; i++) {
            assertThat(keysFor(key("forged-" + i))).isEmpty();
        }
        assertThat(hits).as("the first forged kid refetched, the other 49 did not").hasValue(2);

        advance(REFETCH_INTERVAL);
        assertThat(keysFor(key("forged-late"))).isEmpty();
        assertThat(hits).hasValue(3);
    }

    @Test
    void aKeyNoLongerPublishedStopsWorkingAfterTheMaxAge() throws Exception {
        keysFor(current);
        published.clear();
        RSAKey next = key("next");
        published.add(next.toPublicJWK());
        advance(MAX_AGE.plusSeconds(1));

        assertThat(keysFor(current)).isEmpty();
        assertThat(keysFor(next)).containsExactly("next");
    }

    @Test
    void aFailedFirstFetchIsAnErrorAndIsRetriedAfterABackOff() throws Exception {
        status = 500;
        assertThatThrownBy(() -> keysFor(current)).isInstanceOf(JwtException.class);
        status = 200;
        assertThatThrownBy(() -> keysFor(current)).as("backing off").isInstanceOf(JwtException.class);
        assertThat(hits).hasValue(1);
        advance(Duration.ofSeconds(1));
        assertThat(keysFor(current)).containsExactly("current");
    }

    @Test
    void whileRefreshesFailTheLastGoodKeysVerifyUpToTheBound() throws Exception {
        keysFor(current);
        status = 500;
        advance(MAX_AGE.plusSeconds(1));
        assertThat(keysFor(current)).as("stale, refresh failed").containsExactly("current");
        assertThat(keysFor(current)).as("stale, backing off").containsExactly("current");
        assertThat(hits).hasValue(2);
        advance(STALE_IF_ERROR.minusSeconds(2));
        assertThat(keysFor(current)).containsExactly("current");
        assertThat(hits).hasValue(3);
        advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> keysFor(current)).as("past max age + stale-if-error").isInstanceOf(JwtException.class);
        status = 200;
        advance(REFETCH_INTERVAL);
        assertThat(keysFor(current)).containsExactly("current");
    }

    private List<String> keysFor(RSAKey signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("1").build());
        jwt.sign(new RSASSASigner(signer));
        return cache.keysFor(jwt).map(JWK::getKeyID).collectList().block(Duration.ofSeconds(10));
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    private static RSAKey key(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
