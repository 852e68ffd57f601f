package dev.chirp.shared.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

/**
 * user-service's public keys for a servlet service's verifier, fetched over HTTP and kept by
 * {@link KeySetRefreshPolicy} (fresh for the max age, then stale-if-error with back-off). A token naming an unknown
 * key ID (a rotated key) makes it fetch again at once, at most once per {@code refetchInterval}. A fetch blocks the
 * requests that need keys for at most {@code timeout}; other requests meanwhile wait for it rather than start their
 * own.
 */
public final class RemoteKeySet implements JWKSource<SecurityContext> {

    private final HttpClient http;
    private final URI uri;
    private final Duration timeout;
    private final Duration refetchInterval;
    private final KeySetRefreshPolicy<JWKSet> policy;

    public RemoteKeySet(URI uri, Duration timeout, Duration refetchInterval, KeySetRefreshPolicy<JWKSet> policy) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.uri = uri;
        this.timeout = timeout;
        this.refetchInterval = refetchInterval;
        this.policy = policy;
    }

    public KeySetRefreshPolicy<JWKSet> policy() {
        return policy;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> found = selector.select(current());
        if (found.isEmpty()) {
            JWKSet refetched = refetchIfAllowed();
            return refetched == null ? found : selector.select(refetched);
        }
        return found;
    }

    private synchronized JWKSet current() throws KeySourceException {
        JWKSet fresh = policy.fresh();
        if (fresh != null) {
            return fresh;
        }
        KeySourceException failure = null;
        if (policy.mayFetch()) {
            try {
                return fetch();
            } catch (KeySourceException e) {
                failure = e;
            }
        }
        JWKSet stale = policy.usable();
        if (stale != null) {
            return stale;
        }
        throw failure != null ? failure
                : new KeySourceException("no usable key set from " + uri + "; the last fetch failed, retrying later");
    }

    private synchronized @Nullable JWKSet refetchIfAllowed() throws KeySourceException {
        return policy.mayRefetch(refetchInterval) ? fetch() : null;
    }

    private JWKSet fetch() throws KeySourceException {
        policy.started();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            JWKSet keys = JWKSet.parse(response.body());
            policy.succeeded(keys);
            return keys;
        } catch (IOException | ParseException e) {
            policy.failed();
            throw new KeySourceException("could not fetch the key set from " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            policy.failed();
            throw new KeySourceException("interrupted while fetching the key set from " + uri, e);
        }
    }
}
