package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.Cursors;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/** Bad input and forged identities get the documented answer and write nothing. */
class ApiEdgesIT extends TimelineITBase {

    private static final List<String> LISTS = List.of("/api/v1/timeline/home", "/api/v1/notifications");

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1e3", "limit=%F0%9F%90%A6",
            "cursor=not-a-cursor", "cursor=%27%20OR%201%3D1--", "cursor=" + "A"})
    void badLimitsAndCursorsAre400AndBuildNothing(String query) {
        for (String list : LISTS) {
            long userId = newUserId();

            TestHttp.Response response = get(list + "?" + query, TestTokens.bearer(userId));

            assertThat(response.status()).as(list + "?" + query).isEqualTo(400);
            assertThat(response.header("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("errors").get(0).path("field").asString()).isIn("limit", "cursor");
            assertThat(redis.hasKey(homeKey(userId))).as("no timeline built").isFalse();
        }
    }

    @Test
    void cursorsThatDidNotComeFromUsAre400() {
        long userId = newUserId();
        for (String forged : List.of(Cursors.encode("abc"), Cursors.encode(-5), Cursors.encode(0),
                Cursors.encode(1, 2), Cursors.encode("9".repeat(30)))) {
            for (String list : LISTS) {
                assertThat(get(list + "?cursor=" + forged, TestTokens.bearer(userId)).status())
                        .as(list + " " + forged).isEqualTo(400);
            }
        }
        assertThat(redis.hasKey(homeKey(userId))).isFalse();
    }

    /** Issue #23: a cursor drives a walk over monthly partitions; one no item can have is refused, not walked. */
    @Test
    void cursorsOutsideWhatCanExistAre400() {
        long userId = newUserId();
        for (String outside : List.of(Cursors.encode(Long.MAX_VALUE),
                Cursors.encode(ChirpIds.lowestAt(Instant.now().plus(Duration.ofHours(1)))),
                Cursors.encode(ChirpIds.lowestAt(Instant.now()), 1))) {
            for (String list : LISTS) {
                TestHttp.Response response = get(list + "?cursor=" + outside, TestTokens.bearer(userId));
                assertThat(response.status()).as(list + " " + outside + ": " + response.body()).isEqualTo(400);
                assertThat(JSON.readTree(response.body()).path("errors").get(0).path("field").asString())
                        .isEqualTo("cursor");
            }
        }
        assertThat(redis.hasKey(homeKey(userId))).isFalse();
    }

    @Test
    void forgedOrMissingTokensAre401AndBuildNothing() throws Exception {
        long victim = newUserId();
        List<String> forged = List.of(TestTokens.expired(victim), TestTokens.signedByStranger(victim),
                TestTokens.tampered(newUserId(), victim), TestTokens.unsigned(victim),
                TestTokens.hmacWithPublicKey(victim), "garbage", "");
        for (String path : List.of("/api/v1/timeline/home", "/api/v1/notifications", "/api/v1/stream")) {
            for (String token : forged) {
                TestHttp.Response response = get(path, "Bearer " + token);
                assertThat(response.status()).as(path + " with " + token).isEqualTo(401);
                assertThat(response.header("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
            }
            assertThat(get(path, null).status()).isEqualTo(401);
            TestHttp.Response headerOnly = new TestHttp(port).call("GET", path, null, null,
                    Map.of("X-User-Id", Long.toString(victim)));
            assertThat(headerOnly.status()).as("a client-sent identity header is not trusted").isEqualTo(401);
        }
        assertThat(redis.hasKey(homeKey(victim))).isFalse();
    }

    @Test
    void anEmptyTimelineIsAnEmptyPage() {
        JsonNode page = homePage(newUserId(), 20, null);
        assertThat(page.path("items").isArray()).isTrue();
        assertThat(page.path("items")).isEmpty();
        assertThat(page.has("next_cursor")).isTrue();
        assertThat(page.path("next_cursor").isNull()).isTrue();
    }
}
