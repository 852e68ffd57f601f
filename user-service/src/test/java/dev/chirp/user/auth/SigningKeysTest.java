package dev.chirp.user.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import dev.chirp.shared.security.JwtDecoders;
import dev.chirp.user.UserProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsKeptAndReusedAfterARestart() throws Exception {
        SigningKeys first = new SigningKeys(properties(null, null, dir.resolve("jwt")));
        SigningKeys second = new SigningKeys(properties(null, null, dir.resolve("jwt")));

        assertThat(Files.readString(dir.resolve("jwt/signing-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        // a set of enums, whose toString order is not fixed
        assertThat(Files.getPosixFilePermissions(dir.resolve("jwt/signing-key.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(second.signingKey().getKeyID()).isEqualTo(first.signingKey().getKeyID());
        assertThat(first.publicKeys().getKeys()).hasSize(1);
        assertThat(first.publicKeys().getKeys().get(0).isPrivate()).isFalse();
    }

    @Test
    void aConfiguredKeyAndThePreviousKeyAreBothPublishedAndAccepted() throws Exception {
        KeyPair current = rsa();
        KeyPair previous = rsa();
        SigningKeys keys = new SigningKeys(properties(pem("PRIVATE KEY", current.getPrivate().getEncoded()),
                pem("PUBLIC KEY", previous.getPublic().getEncoded()), dir.resolve("unused")));
        SigningKeys old = new SigningKeys(properties(pem("PRIVATE KEY", previous.getPrivate().getEncoded()), null,
                dir.resolve("unused")));

        assertThat(keys.publicKeys().getKeys()).hasSize(2);
        assertThat(Files.exists(dir.resolve("unused"))).isFalse();
        var decoder = JwtDecoders.withChirpValidators(JwtDecoders.fromJwkSet(keys.publicKeys().toString()));
        UserProperties ttl = properties(null, null, dir.resolve("jwt"));
        String newToken = new TokenIssuer(keys, ttl).issue(7);
        String oldToken = new TokenIssuer(old, ttl).issue(8);
        assertThat(decoder.decode(newToken).getSubject()).isEqualTo("7");
        assertThat(decoder.decode(oldToken).getSubject()).isEqualTo("8");
        assertThat(SignedJWT.parse(oldToken).getHeader().getKeyID()).isEqualTo(old.signingKey().getKeyID());
    }

    private static UserProperties properties(String privatePem, String previousPem, Path keyDir) {
        return new UserProperties(new UserProperties.Jwt(privatePem, previousPem, keyDir.toString(),
                Duration.ofHours(1)), List.of(URI.create("http://127.0.0.1:1")), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 4);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
