package dev.chirp.user.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.chirp.user.UserProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The RS256 key that signs access tokens, and the public keys that verify them. The signing key comes from
 * configuration (PEM) or, when none is configured, is generated once and kept in the key directory so that tokens
 * survive a restart. A previous public key may be configured so that tokens signed before a rotation still verify.
 * Key IDs are RFC 7638 thumbprints, so the same key always has the same {@code kid}.
 */
@Component
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final String KEY_FILE = "signing-key.pem";

    private final RSAKey signingKey;
    private final JWKSet publicKeys;

    SigningKeys(UserProperties properties) {
        UserProperties.Jwt jwt = properties.jwt();
        RSAPrivateCrtKey privateKey = jwt.privateKeyPem() != null && !jwt.privateKeyPem().isBlank()
                ? parsePrivate(jwt.privateKeyPem())
                : loadOrGenerate(Path.of(jwt.keyDir()));
        this.signingKey = toJwk(publicOf(privateKey), privateKey);
        List<com.nimbusds.jose.jwk.JWK> published = new ArrayList<>();
        published.add(signingKey.toPublicJWK());
        if (jwt.previousPublicKeyPem() != null && !jwt.previousPublicKeyPem().isBlank()) {
            RSAKey previous = toJwk(parsePublic(jwt.previousPublicKeyPem()), null);
            if (!previous.getKeyID().equals(signingKey.getKeyID())) {
                published.add(previous);
            }
        }
        this.publicKeys = new JWKSet(published);
    }

    RSAKey signingKey() {
        return signingKey;
    }

    /** The JWKS document: public keys only. */
    JWKSet publicKeys() {
        return publicKeys;
    }

    private static RSAPrivateCrtKey loadOrGenerate(Path dir) {
        Path file = dir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                Path temp = Files.createTempFile(dir, "key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, toPem(generate()), StandardCharsets.US_ASCII);
                try {
                    // Two instances starting at once: the first move wins and both use that key.
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                    log.info("Generated a new JWT signing key in {}", file.toAbsolutePath());
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    Files.deleteIfExists(temp);
                }
            }
            return parsePrivate(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the JWT signing key in " + dir.toAbsolutePath(), e);
        }
    }

    private static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String toPem(RSAPrivateCrtKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static RSAPrivateCrtKey parsePrivate(String pem) {
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("The JWT signing key is not an RSA PKCS#8 PEM key", e);
        }
    }

    static RSAPublicKey parsePublic(String pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(pemBody(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("The previous JWT public key is not an RSA X.509 PEM key", e);
        }
    }

    private static byte[] pemBody(String pem, String label) {
        String body = pem.replace("-----BEGIN " + label + "-----", "").replace("-----END " + label + "-----", "")
                .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a PEM " + label, e);
        }
    }

    private static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey toJwk(RSAPublicKey publicKey, RSAPrivateCrtKey privateKey) {
        try {
            RSAKey.Builder builder = new RSAKey.Builder(publicKey).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256);
            if (privateKey != null) {
                builder.privateKey(privateKey);
            }
            return builder.keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
