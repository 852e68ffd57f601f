package dev.chirp.shared.security;

import java.text.ParseException;
import java.time.Instant;
import java.util.Objects;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * Builds the token verifier every service uses: RS256 only (so {@code alg: none} and HMAC tricks fail), a valid
 * signature from a published key, {@code exp} required and in the future, {@code sub} present.
 */
public final class JwtDecoders {

    private JwtDecoders() {
    }

    public static JwtDecoder from(SecurityProperties properties) {
        NimbusJwtDecoder decoder = properties.jwks() != null && !properties.jwks().isBlank()
                ? fromJwkSet(properties.jwks())
                : NimbusJwtDecoder.withJwkSetUri(properties.jwksUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        return withChirpValidators(decoder);
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
            JWKSet keys = JWKSet.parse(jwkSetJson);
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                    new ImmutableJWKSet<>(keys)));
            return new NimbusJwtDecoder(processor);
        } catch (ParseException e) {
            throw new IllegalArgumentException("chirp.security.jwks is not a JWK set", e);
        }
    }
}
