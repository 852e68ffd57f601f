package dev.chirp.gateway.auth;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * user-service's public keys, as the token decoder needs them. The set is fetched once and shared by concurrent
 * requests, kept for {@code maxAge} (so a key user-service stopped publishing stops verifying), and fetched again
 * at once when a token names a key ID that is not in it (a rotated key), but at most once per
 * {@code refetchInterval}: otherwise every forged token with a made-up {@code kid} would cost user-service a request.
 * Normal rotation never waits on that limit, because user-service publishes a new key before signing with it.
 */
final class KeySetCache {

    private final WebClient web;
    private final URI uri;
    private final Duration timeout;
    private final long maxAgeNanos;
    private final long refetchIntervalNanos;
    private final LongSupplier nanoTime;

    private Mono<JWKSet> keys;
    private long fetchedAt;
    private boolean fetched;

    KeySetCache(WebClient web, URI uri, Duration timeout, Duration maxAge, Duration refetchInterval,
                LongSupplier nanoTime) {
        this.web = web;
        this.uri = uri;
        this.timeout = timeout;
        this.maxAgeNanos = maxAge.toNanos();
        this.refetchIntervalNanos = refetchInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The keys that may have signed {@code jwt}: none when its {@code kid} is unknown even after a refetch. */
    Flux<JWK> keysFor(SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        return current().flatMapMany(set -> {
            List<JWK> found = selector.select(set);
            if (!found.isEmpty()) {
                return Flux.fromIterable(found);
            }
            Mono<JWKSet> refetched = refetchIfAllowed();
            return refetched == null ? Flux.empty() : refetched.flatMapIterable(selector::select);
        });
    }

    private synchronized Mono<JWKSet> current() {
        if (!fetched || nanoTime.getAsLong() - fetchedAt > maxAgeNanos) {
            fetch();
        }
        return keys;
    }

    /** A new fetch, or null when the last one started less than the refetch interval ago. */
    private synchronized Mono<JWKSet> refetchIfAllowed() {
        if (nanoTime.getAsLong() - fetchedAt < refetchIntervalNanos) {
            return null;
        }
        fetch();
        return keys;
    }

    private void fetch() {
        fetched = true;
        fetchedAt = nanoTime.getAsLong();
        AtomicReference<Mono<JWKSet>> self = new AtomicReference<>();
        Mono<JWKSet> fetching = web.get().uri(uri).retrieve().bodyToMono(String.class)
                .timeout(timeout)
                .map(KeySetCache::parse)
                .onErrorMap(e -> !(e instanceof JwtException),
                        e -> new JwtException("could not fetch the key set from " + uri + ": " + e.getMessage(), e))
                .doOnError(e -> forget(self.get()))
                .cache();
        self.set(fetching);
        keys = fetching;
    }

    /** A failed fetch is not kept (unless a newer one replaced it already): the next token tries again. */
    private synchronized void forget(Mono<JWKSet> failed) {
        if (keys == failed) {
            fetched = false;
        }
    }

    private static JWKSet parse(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new JwtException("the key set is not a JWK set: " + e.getMessage(), e);
        }
    }
}
