package dev.chirp.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens for services' integration tests, signed like user-service signs them (RS256, {@code kid},
 * {@code sub}, {@code iat}, {@code exp}). A service under test trusts {@link #jwks()} through the property
 * {@code chirp.security.jwks}. Also mints the forged tokens that every service must refuse.
 */
public final class TestTokens {

    private static final RSAKey KEY = generate("test-key");
    private static final RSAKey STRANGER = generate("test-key");

    private TestTokens() {
    }

    /** The public JWK set to trust: {@code registry.add("chirp.security.jwks", TestTokens::jwks)}. */
    public static String jwks() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }

    public static String bearer(long userId) {
        return "Bearer " + token(userId);
    }

    public static String token(long userId) {
        return sign(KEY, claims(userId, Instant.now().plus(Duration.ofHours(1))));
    }

    /** A valid token that expires at the given instant (a live stream must end then). */
    public static String expiringAt(long userId, Instant expiresAt) {
        return sign(KEY, claims(userId, expiresAt));
    }

    public static String expired(long userId) {
        return sign(KEY, claims(userId, Instant.now().minus(Duration.ofHours(1))));
    }

    /** Same key ID, different key: a signature that does not verify. */
    public static String signedByStranger(long userId) {
        return sign(STRANGER, claims(userId, Instant.now().plus(Duration.ofHours(1))));
    }

    /** A valid token whose payload was edited afterwards to claim another user. */
    public static String tampered(long userId, long claimedUserId) {
        String[] parts = token(userId).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"sub\":\"" + userId + "\"", "\"sub\":\"" + claimedUserId + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
                + parts[2];
    }

    /** {@code alg: none}, no signature. */
    public static String unsigned(long userId) {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(userId, Instant.now().plus(Duration.ofHours(1))).toString().getBytes());
        return header + "." + payload + ".";
    }

    /** HS256 signed with the public key's bytes as the secret: the classic algorithm-confusion attack. */
    public static String hmacWithPublicKey(long userId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(),
                    claims(userId, Instant.now().plus(Duration.ofHours(1))));
            jwt.sign(new MACSigner(KEY.toPublicJWK().toJSONString().repeat(2).getBytes()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(long userId, Instant expiresAt) {
        return new JWTClaimsSet.Builder().subject(Long.toString(userId)).issueTime(new Date())
                .expirationTime(Date.from(expiresAt)).jwtID(UUID.randomUUID().toString()).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
