package dev.chirp.gateway.auth;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chirp.shared.security.KeySetRefreshPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * user-service's public keys, as the token decoder needs them. When to fetch and which keys may be used meanwhile
 * is {@link KeySetRefreshPolicy} (shared with the services): fresh for {@code jwks-max-age}; then fetched again,
 * and while fetches fail (with back-off) the last good keys keep verifying up to {@code jwks-stale-if-error}, so a
 * user-service outage is not an outage of everything. One fetch at a time, shared by concurrent requests. A token
 * naming a key ID that is not in the set (a rotated key) makes it fetch again at once, but at most once per
 * {@code refetchInterval}: otherwise every forged token with a made-up {@code kid} would cost user-service a
 * request. Normal rotation never waits on that limit, because user-service publishes a new key before signing
 * with it.
 */
final class KeySetCache {

    private static final Logger log = LoggerFactory.getLogger(KeySetCache.class);

    private final WebClient web;
    private final URI uri;
    private final Duration timeout;
    private final Duration refetchInterval;
    private final KeySetRefreshPolicy<JWKSet> policy;

    private Mono<JWKSet> inFlight;

    KeySetCache(WebClient web, URI uri, Duration timeout, Duration refetchInterval,
                KeySetRefreshPolicy<JWKSet> policy) {
        this.web = web;
        this.uri = uri;
        this.timeout = timeout;
        this.refetchInterval = refetchInterval;
        this.policy = policy;
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

    /** Fresh keys; else a fetch (or the one under way), falling back to the last good keys within the bound. */
    private synchronized Mono<JWKSet> current() {
        JWKSet fresh = policy.fresh();
        if (fresh != null) {
            return Mono.just(fresh);
        }
        if (inFlight == null && policy.mayFetch()) {
            inFlight = fetch();
        }
        Mono<JWKSet> attempt = inFlight != null ? inFlight : Mono.error(new JwtException(
                "no usable key set: fetching " + uri + " failed and is retried after a back-off"));
        return attempt.onErrorResume(JwtException.class, e -> {
            JWKSet stale = policy.usable();
            return stale != null ? Mono.just(stale) : Mono.error(e);
        });
    }

    /** A new fetch (or the one under way), or null when the last one started less than the interval ago. */
    private synchronized Mono<JWKSet> refetchIfAllowed() {
        if (inFlight == null && policy.mayRefetch(refetchInterval)) {
            inFlight = fetch();
        }
        return inFlight;
    }

    private Mono<JWKSet> fetch() {
        policy.started();
        AtomicReference<Mono<JWKSet>> self = new AtomicReference<>();
        Mono<JWKSet> fetching = web.get().uri(uri).retrieve().bodyToMono(String.class)
                .timeout(timeout)
                .map(KeySetCache::parse)
                .onErrorMap(e -> !(e instanceof JwtException),
                        e -> new JwtException("could not fetch the key set from " + uri + ": " + e.getMessage(), e))
                .doOnNext(keys -> settled(self.get(), keys))
                .doOnError(e -> {
                    log.warn("Signing keys not refreshed: {}", e.getMessage());
                    settled(self.get(), null);
                })
                .cache();
        self.set(fetching);
        return fetching;
    }

    private synchronized void settled(Mono<JWKSet> fetch, JWKSet keys) {
        if (keys != null) {
            policy.succeeded(keys);
        } else {
            policy.failed();
        }
        if (inFlight == fetch) {
            inFlight = null;
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
