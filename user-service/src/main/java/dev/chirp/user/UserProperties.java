package dev.chirp.user;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * user-service settings.
 *
 * @param jwt                 how access tokens are signed
 * @param mediaBaseUrl        media-service, asked whether an avatar image belongs to the caller; several base URLs
 *                            (comma-separated in an environment variable) for several instances, taken in turn
 * @param mediaConnectTimeout connect timeout of that call
 * @param mediaReadTimeout    read timeout of that call
 * @param bcryptStrength      log2 of the bcrypt work factor for password hashes
 */
@ConfigurationProperties("chirp.user")
public record UserProperties(
        @DefaultValue Jwt jwt,
        @DefaultValue("http://127.0.0.1:8085") List<URI> mediaBaseUrl,
        @DefaultValue("1s") Duration mediaConnectTimeout,
        @DefaultValue("5s") Duration mediaReadTimeout,
        @DefaultValue("10") int bcryptStrength) {

    /**
     * @param privateKeyPem        the signing key (PKCS#8 PEM, RSA); when blank a key is generated once in keyDir
     * @param previousPublicKeyPem the previous key's public half (X.509 PEM), still accepted during a rotation
     * @param keyDir               where the generated key is kept between restarts
     * @param ttl                  lifetime of an access token
     */
    public record Jwt(
            String privateKeyPem,
            String previousPublicKeyPem,
            @DefaultValue(".chirp/data/jwt") String keyDir,
            @DefaultValue("1h") Duration ttl) {
    }
}
