package dev.chirp.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Tokens an attacker would try: unsigned ({@code alg: none}), signed by a key of their own under the real key ID,
 * tampered, and (where this test can read the local signing key, as the launcher keeps it under CHIRP_HOME) a
 * correctly signed but expired token. Written with the JDK alone, as an attacker's script would be.
 */
final class Tokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    static String kid(String token) {
        JsonNode header = Chirp.JSON.readTree(header(token));
        return header.get("kid").asString();
    }

    static String unsigned(String subject) {
        return part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims(subject, 3600) + ".";
    }

    static String signedByOwnKey(String kid, String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return signed(generator.generateKeyPair().getPrivate(), kid, subject, 3600);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real token with one character of its signature changed. */
    static String tampered(String token) {
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    }

    /** A token signed by the system's own key that expired an hour ago, when the key file can be read here. */
    static Optional<String> expired(Path chirpHome, String kid, String subject) {
        Path pem = chirpHome.resolve("data/jwt/signing-key.pem");
        if (!Files.isReadable(pem)) {
            return Optional.empty();
        }
        try {
            String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            return Optional.of(signed(key, kid, subject, -3600));
        } catch (IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static String signed(PrivateKey key, String kid, String subject, long expiresInSeconds) {
        try {
            String signingInput = part("{\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"alg\":\"RS256\"}") + "."
                    + claims(subject, expiresInSeconds);
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String claims(String subject, long expiresInSeconds) {
        long now = System.currentTimeMillis() / 1000;
        long issued = Math.min(now, now + expiresInSeconds) - 60;
        return part("{\"sub\":\"" + subject + "\",\"exp\":" + (now + expiresInSeconds) + ",\"iat\":" + issued
                + ",\"jti\":\"e2e-abuse\"}");
    }

    private static String part(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
