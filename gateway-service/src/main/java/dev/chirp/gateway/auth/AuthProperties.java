package dev.chirp.gateway.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.chirp.shared.security.SecurityProperties;
import dev.chirp.shared.security.VerifiedTokens;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwksUri             user-service's public keys; fetched on first use, cached, fetched again when a token
 *                            names a key ID that is not in the cached set (key rotation)
 * @param jwksTimeout         how long a key fetch may take before the request is answered 503
 * @param jwksMaxAge          the cached key set is fetched again after this long (a withdrawn key stops working)
 * @param jwksRefetchInterval at most one fetch per this interval for tokens naming unknown key IDs (forged tokens
 *                            must not turn into requests to user-service); also the longest back-off between
 *                            failed fetches
 * @param jwksStaleIfError    while fetches fail, the last good keys keep verifying this long past their max age
 *                            (stale-if-error; keys rotate rarely); after that tokens cannot be checked (503)
 * @param publicPaths         docs/03-api.md's (public) endpoints, as {@code "METHOD /pattern"}: they work without a token
 * @param privatePaths        exceptions to {@code publicPaths} that always need a token (e.g. {@code /users/me}
 *                            matches {@code /users/*})
 * @param verifiedTokens      how many verified tokens are remembered, and for how long at most (a token signed with
 *                            a withdrawn key keeps working that long; {@link VerifiedTokens})
 */
@ConfigurationProperties("chirp.gateway.auth")
public record AuthProperties(
        @DefaultValue("http://127.0.0.1:8081/.well-known/jwks.json") URI jwksUri,
        @DefaultValue("2s") Duration jwksTimeout,
        @DefaultValue("5m") Duration jwksMaxAge,
        @DefaultValue("30s") Duration jwksRefetchInterval,
        @DefaultValue("24h") Duration jwksStaleIfError,
        @DefaultValue({
                "POST /api/v1/auth/signup",
                "POST /api/v1/auth/login",
                "GET /api/v1/users/*",
                "GET /api/v1/users/*/followers",
                "GET /api/v1/users/*/following",
                "GET /api/v1/users/*/tweets",
                "GET /api/v1/users/*/likes",
                "GET /api/v1/tweets/*",
                "GET /api/v1/tweets/*/replies",
                "GET /api/v1/search/tweets",
                "GET /api/v1/search/users",
                "GET /api/v1/trends",
                "GET /api/v1/media/*",
                "GET /api/v1/media/*/content",
                "GET /api/v1/media/*/thumbnail"}) List<String> publicPaths,
        @DefaultValue({"GET /api/v1/users/me", "GET /api/v1/users/me/**"}) List<String> privatePaths,
        @DefaultValue SecurityProperties.TokenCache verifiedTokens) {
}
