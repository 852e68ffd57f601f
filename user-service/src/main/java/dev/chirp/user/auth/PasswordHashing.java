package dev.chirp.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are hashed (user-service README, "Passwords"). bcrypt reads at most 72 bytes, and the API allows
 * 128 code points (up to 512 bytes of UTF-8): Spring's bcrypt refuses longer input when hashing (a 500 at sign-up)
 * and silently cuts it when checking, so two passwords with the same first 72 bytes would be one. New hashes are
 * therefore bcrypt over the base64 of the password's SHA-256: the whole password counts, the input is always 44
 * ASCII bytes (no NUL byte that a C bcrypt would stop at), and the cost per guess is bcrypt's, unchanged.
 * Stored as {@code {bcrypt-sha256}$2a$...}.
 *
 * <p>Hashes stored before (plain {@code $2a$...}, no prefix) still verify, and {@link #needsRehash} tells the
 * login to store the current kind once the password is known.
 */
final class PasswordHashing {

    static final String CURRENT = "bcrypt-sha256";
    private static final int BCRYPT_MAX_BYTES = 72;

    private PasswordHashing() {
    }

    /** The encoder: the current kind for new hashes; the current and the legacy kind for checks. */
    static PasswordEncoder encoder(int strength) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(strength);
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(CURRENT,
                Map.of(CURRENT, new PrehashedBcrypt(bcrypt)));
        encoder.setDefaultPasswordEncoderForMatches(new LegacyBcrypt(bcrypt));
        return encoder;
    }

    /** bcrypt over base64(SHA-256(UTF-8 of the password)). */
    private record PrehashedBcrypt(BCryptPasswordEncoder bcrypt) implements PasswordEncoder {

        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(prehash(raw));
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return bcrypt.matches(prehash(raw), encoded);
        }

        @Override
        public boolean upgradeEncoding(String encoded) {
            return bcrypt.upgradeEncoding(encoded);
        }

        private static String prehash(CharSequence raw) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(raw.toString().getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JRE has SHA-256", e);
            }
        }
    }

    /**
     * Checks hashes stored before the prefix (plain bcrypt). Those were made from at most 72 bytes; a longer
     * password is refused here rather than cut to 72 bytes and compared.
     */
    private record LegacyBcrypt(BCryptPasswordEncoder bcrypt) implements PasswordEncoder {

        @Override
        public String encode(CharSequence raw) {
            throw new UnsupportedOperationException("new hashes are " + CURRENT);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return raw.toString().getBytes(StandardCharsets.UTF_8).length <= BCRYPT_MAX_BYTES
                    && bcrypt.matches(raw, encoded);
        }
    }
}
