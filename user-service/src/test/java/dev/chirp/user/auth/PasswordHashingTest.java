package dev.chirp.user.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordHashingTest {

    private final PasswordEncoder passwords = PasswordHashing.encoder(4);

    @Test
    void theWholeOfEveryAllowedPasswordCounts() {
        String emoji = "\uD83D\uDC26".repeat(128); // 128 code points, 512 bytes
        String hash = passwords.encode(emoji);

        assertThat(hash).startsWith("{bcrypt-sha256}$2a$04$");
        assertThat(passwords.matches(emoji, hash)).isTrue();
        assertThat(passwords.matches("\uD83D\uDC26".repeat(127) + "\uD83D\uDE00", hash)).isFalse();
        assertThat(passwords.upgradeEncoding(hash)).isFalse();
    }

    @Test
    void passwordsThatShareTheirFirst72BytesAreDifferent() {
        String prefix = "a".repeat(72);
        String hash = passwords.encode(prefix + "one");

        assertThat(passwords.matches(prefix + "one", hash)).isTrue();
        assertThat(passwords.matches(prefix + "two", hash)).isFalse();
        assertThat(passwords.matches(prefix, hash)).isFalse();
    }

    @Test
    void plainBcryptHashesStillVerifyAndAskToBeUpgraded() {
        String legacy = new BCryptPasswordEncoder(4).encode("a".repeat(72));

        assertThat(passwords.matches("a".repeat(72), legacy)).isTrue();
        assertThat(passwords.matches("a".repeat(71), legacy)).isFalse();
        assertThat(passwords.matches("a".repeat(72) + "b", legacy))
                .as("bcrypt would compare only the first 72 bytes").isFalse();
        assertThat(passwords.upgradeEncoding(legacy)).isTrue();
    }
}
