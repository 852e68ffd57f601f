package dev.chirp.shared.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwksUri     where user-service publishes its public keys (fetched lazily, cached, refetched on an
 *                    unknown key ID)
 * @param jwks        a JWK set given inline instead (tests, or a deployment that mounts the keys); wins when set
 * @param publicPaths endpoints that work without a token, as {@code "GET /api/v1/tweets/*"}; the method may be
 *                    omitted to mean any
 */
@ConfigurationProperties("chirp.security")
public record SecurityProperties(
        @DefaultValue("http://127.0.0.1:8081/.well-known/jwks.json") String jwksUri,
        String jwks,
        @DefaultValue List<String> publicPaths) {
}
