package dev.chirp.shared.security;

import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the token verifier every service uses: RS256 only (so {@code alg: none} and HMAC tricks fail), a valid
 * signature from a published key, {@code exp} required and in the future, {@code sub} present. Keys come from
 * user-service and survive its outages for a bounded time ({@link RemoteKeySet}, {@link KeySetRefreshPolicy}).
 */
public final class JwtDecoders {

    private JwtDecoders() {
    }

    /** The keys given inline ({@code chirp.security.jwks}) or else user-service's, fetched ({@link #remoteKeys}). */
    public static JwtDecoder from(SecurityProperties properties) {
        return hasInlineKeys(properties) ? withChirpValidators(fromJwkSet(properties.jwks()))
                : withChirpValidators(fromKeySource(remoteKeys(properties, System::nanoTime)));
    }

    static boolean hasInlineKeys(SecurityProperties properties) {
        return properties.jwks() != null && !properties.jwks().isBlank();
    }

    /** user-service's keys at {@code chirp.security.jwks-uri}, cached stale-if-error ({@link KeySetRefreshPolicy}). */
    public static RemoteKeySet remoteKeys(SecurityProperties properties, LongSupplier nanoTime) {
        return new RemoteKeySet(URI.create(properties.jwksUri()), properties.jwksTimeout(),
                properties.jwksRefetchInterval(), new KeySetRefreshPolicy<>(properties.jwksMaxAge(),
                        properties.jwksStaleIfError(), properties.jwksRefetchInterval(), nanoTime));
    }

    /** Adds the claim checks every Chirp verifier applies ({@code exp} required and valid, {@code sub} present). */
    public static NimbusJwtDecoder withChirpValidators(NimbusJwtDecoder decoder) {
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(),
                new JwtClaimValidator<Instant>("exp", Objects::nonNull),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank())));
        return decoder;
    }

    /** A verifier for a fixed set of keys (user-service verifies with its own keys; tests use this too). */
    public static NimbusJwtDecoder fromJwkSet(String jwkSetJson) {
        try {
            return fromKeySource(new ImmutableJWKSet<>(JWKSet.parse(jwkSetJson)));
        } catch (ParseException e) {
            throw new IllegalArgumentException("chirp.security.jwks is not a JWK set", e);
        }
    }

    /** An RS256-only verifier over {@code keys}. */
    public static NimbusJwtDecoder fromKeySource(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        return new NimbusJwtDecoder(processor);
    }
}
