package dev.chirp.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.chirp.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Issue #23: every password the API allows (8 to 128 code points) must work, all of it must count, and hashes
 * stored before the scheme changed must still log in.
 */
class LongPasswordIT extends UserITBase {

    @Test
    void aHundredCharacterPasswordSignsUpAndLogsIn() {
        String password = "p".repeat(60) + "0123456789".repeat(4);
        assertSignupAndLogin("lp_", password);
    }

    @Test
    void aHundredAndTwentyEightEmojiSignUpAndLogIn() {
        String password = "\uD83D\uDC26".repeat(127) + "\uD83D\uDE00"; // 128 code points, 512 bytes of UTF-8
        assertThat(password.codePointCount(0, password.length())).isEqualTo(128);
        assertSignupAndLogin("le_", password);
    }

    @Test
    void twoPasswordsThatShareTheirFirst72BytesAreDifferent() {
        String prefix = "x".repeat(72);
        TestUser user = signup("lx_", prefix + "-the-real-end");

        TestHttp.Response wrong = login(user.handle(), prefix + "-another-end");

        assertProblem(wrong, 401);
        assertThat(login(user.handle(), prefix + "-the-real-end").status()).isEqualTo(200);
    }

    @Test
    void aHashStoredByTheOldSchemeStillLogsInAndIsUpgraded() {
        TestUser user = signup("lo_", "an old password");
        String legacy = new BCryptPasswordEncoder(4).encode("an old password");
        session.execute("UPDATE users SET password_hash = ? WHERE id = ?", legacy, user.id());

        assertThat(login(user.handle(), "not the old password").status()).isEqualTo(401);
        assertThat(login(user.handle(), "an old password").status()).isEqualTo(200);

        String upgraded = session.execute("SELECT password_hash FROM users WHERE id = ?", user.id()).one()
                .getString(0);
        assertThat(upgraded).as("re-hashed with the current scheme at login").isNotEqualTo(legacy)
                .startsWith("{");
        assertThat(login(user.handle(), "an old password").status()).isEqualTo(200);
    }

    private void assertSignupAndLogin(String prefix, String password) {
        TestUser user = signup(prefix, password);
        TestHttp.Response login = login(user.handle(), password);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login(user.handle(), password.substring(0, password.length() - 2)).status()).isEqualTo(401);
    }

    private TestUser signup(String prefix, String password) {
        String handle = uniqueHandle(prefix);
        TestHttp.Response response = post("/api/v1/auth/signup",
                json(Map.of("handle", handle, "email", handle + "@example.org", "password", password)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new TestUser(Long.parseLong(response.json().get("user").get("id").asString()), handle,
                handle + "@example.org", response.textOf("access_token"));
    }

    private TestHttp.Response login(String handle, String password) {
        return post("/api/v1/auth/login", json(Map.of("login", handle, "password", password)));
    }
}
