package dev.chirp.e2e;

import java.time.Duration;

import dev.chirp.e2e.Chirp.Reply;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs last: it empties this client address's login bucket on purpose.
 */
@Order(3)
class RateLimitIT {

    @Test
    void loginAttemptsAreThrottledThenAllowedAgain() {
        Reply throttled = null;
        for (int attempt = 0; attempt < 500 && throttled == null; attempt++) {
            Reply reply = Chirp.post("/api/v1/auth/login", null,
                    "{\"login\":\"nobody_at_all\",\"password\":\"wrong password\"}");
            assertThat(reply.status()).isIn(401, 429);
            assertThat(reply.header("X-RateLimit-Limit")).isNotBlank();
            if (reply.status() == 429) {
                throttled = reply;
            }
        }
        assertThat(throttled).as("a 429 within 500 attempts").isNotNull();
        StoryIT.assertProblem(throttled, 429);
        assertThat(throttled.header("X-RateLimit-Remaining")).isEqualTo("0");
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertThat(retryAfter).isPositive();

        await().atMost(Duration.ofSeconds(retryAfter + 10)).pollInterval(Duration.ofMillis(500)).until(() ->
                Chirp.post("/api/v1/auth/login", null, "{\"login\":\"nobody_at_all\",\"password\":\"wrong password\"}")
                        .status() == 401);
    }
}
