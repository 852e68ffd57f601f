package dev.chirp.shared.security;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwksUri             where user-service publishes its public keys (fetched lazily, cached, refetched on an
 *                            unknown key ID)
 * @param jwks                a JWK set given inline instead (tests, or a deployment that mounts the keys); wins when
 *                            set
 * @param publicPaths         endpoints that work without a token, as {@code "GET /api/v1/tweets/*"}; the method may
 *                            be omitted to mean any
 * @param jwksTimeout         how long one fetch of the keys may take
 * @param jwksMaxAge          the keys are fetched again after this long (a withdrawn key stops working)
 * @param jwksRefetchInterval at most one fetch per this interval for tokens naming unknown key IDs; also the longest
 *                            back-off between failed fetches
 * @param jwksStaleIfError    while fetches fail, the last good keys keep verifying this long past their max age
 *                            ({@link KeySetRefreshPolicy})
 * @param internal            the credential of service-to-service calls to {@code /internal/**}
 * @param verifiedTokens      how many verified tokens are remembered, and for how long at most
 *                            ({@link VerifiedTokens})
 */
@ConfigurationProperties("chirp.security")
public record SecurityProperties(
        @DefaultValue("http://127.0.0.1:8081/.well-known/jwks.json") String jwksUri,
        @Nullable String jwks,
        @DefaultValue List<String> publicPaths,
        @DefaultValue("2s") Duration jwksTimeout,
        @DefaultValue("5m") Duration jwksMaxAge,
        @DefaultValue("30s") Duration jwksRefetchInterval,
        @DefaultValue("24h") Duration jwksStaleIfError,
        @DefaultValue Internal internal,
        @DefaultValue TokenCache verifiedTokens) {

    /**
     * @param maxSize how many tokens at most (about 1 KiB each)
     * @param maxAge  the longest a token is taken as verified without checking it again: how long a token signed
     *                with a withdrawn key keeps working here
     */
    public record TokenCache(@DefaultValue("10000") long maxSize, @DefaultValue("2m") Duration maxAge) {
    }

    /**
     * @param secret        the deployment's shared secret ({@code CHIRP_SECURITY_INTERNAL_SECRET}); no default: a
     *                      service without it, or with a placeholder or short one, refuses to start
     * @param tokenValidity how far a token's time may be from the receiver's clock, either way: long enough for
     *                      a request in flight and clock skew between hosts, short enough that a leaked header
     *                      is soon worthless
     */
    public record Internal(@Nullable String secret, @DefaultValue("30s") Duration tokenValidity) {

        /** Never the secret: configuration records end up in logs and actuator output. */
        @Override
        public String toString() {
            return "Internal[secret=" + (secret == null || secret.isBlank() ? "<unset>" : "<hidden>")
                    + ", tokenValidity=" + tokenValidity + "]";
        }
    }
}
