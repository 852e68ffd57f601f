package dev.chirp.user.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chirp.user.UserProperties;
import org.springframework.stereotype.Component;

/** Signs access tokens: RS256, {@code kid}, {@code sub} = user ID, {@code iat}, {@code exp}. */
@Component
class TokenIssuer {

    private final SigningKeys keys;
    private final Duration ttl;
    private final RSASSASigner signer;

    TokenIssuer(SigningKeys keys, UserProperties properties) throws JOSEException {
        this.keys = keys;
        this.ttl = properties.jwt().ttl();
        this.signer = new RSASSASigner(keys.signingKey());
    }

    Duration ttl() {
        return ttl;
    }

    String issue(long userId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Long.toString(userId))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(keys.signingKey().getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
        return jwt.serialize();
    }
}
