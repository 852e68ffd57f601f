package dev.chirp.user;

import java.util.List;
import java.util.Map;

import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileIT extends UserITBase {

    @Test
    void anAccountIsFoundByIdAndByHandleInAnyCase() {
        TestUser ann = signup("pr_");
        JsonNode byId = get("/api/v1/users/" + ann.id(), null).json();
        JsonNode byHandle = get("/api/v1/users/@" + ann.handle().toUpperCase(), null).json();
        assertThat(byId.get("handle").asString()).isEqualTo(ann.handle());
        assertThat(byHandle.get("id").asString()).isEqualTo(Long.toString(ann.id()));
        assertThat(byId.has("email")).isFalse();
        assertThat(byId.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        for (String key : List.of("id", "handle", "display_name", "bio", "location", "avatar_url", "created_at",
                "followers_count", "following_count", "tweet_count", "followed_by_me")) {
            assertThat(byId.has(key)).as(key).isTrue();
        }
        assertProblem(get("/api/v1/users/999999999999", null), 404);
        assertProblem(get("/api/v1/users/@no_such_user1", null), 404);
        assertProblem(get("/api/v1/users/@x'%20OR%201=1", null), 404);
        assertProblem(get("/api/v1/users/-5", null), 404);
    }

    @Test
    void theOwnerUpdatesTheProfileAndAnEmptyStringClears() {
        TestUser ann = signup("pu_");
        TestHttp.Response updated = call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of(
                "display_name", "A\u0301nn \uD83D\uDC26", "bio", "\uD83D\uDC26".repeat(160), "location", "Berlin")));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.textOf("display_name")).isEqualTo("\u00c1nn \uD83D\uDC26");
        assertThat(updated.textOf("location")).isEqualTo("Berlin");
        assertThat(updated.textOf("email")).isEqualTo(ann.email());

        TestHttp.Response cleared = call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of("location", "")));
        assertThat(cleared.json().get("location").isNull()).isTrue();
        assertThat(cleared.textOf("display_name")).isEqualTo("\u00c1nn \uD83D\uDC26");
        assertThat(get("/api/v1/users/" + ann.id(), null).textOf("bio")).isEqualTo("\uD83D\uDC26".repeat(160));
    }

    @Test
    void badProfileUpdatesAreRefusedAndChangeNothing() {
        TestUser ann = signup("pb_");
        JsonNode before = get("/api/v1/users/me", ann.token()).json();
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of("bio", "b".repeat(161)))), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(),
                json(Map.of("display_name", "n".repeat(51), "bio", "fine"))), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of("location", "l".repeat(31)))), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of("bio", "tab\there"))), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of("bio", "nul\u0000"))), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), "{\"bio\": "), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), "{\"bio\": {\"x\": 1}}"), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(),
                "{\"bio\": \"" + "b".repeat(70 * 1024) + "\"}"), 413);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of("avatar_media_id", "abc"))), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", null, json(Map.of("bio", "anonymous"))), 401);
        assertThat(get("/api/v1/users/me", ann.token()).json()).isEqualTo(before);
    }

    @Test
    void theAvatarMustBeTheCallersOwnImage() {
        TestUser ann = signup("av_");
        TestUser bob = signup("av_");
        MEDIA_OWNERS.put(7001L + ann.id() % 1000, ann.id());
        MEDIA_OWNERS.put(9001L + bob.id() % 1000, bob.id());
        long annsImage = 7001L + ann.id() % 1000;
        long bobsImage = 9001L + bob.id() % 1000;

        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(),
                json(Map.of("avatar_media_id", Long.toString(bobsImage)))), 400);
        assertProblem(call("PATCH", "/api/v1/users/me", ann.token(), json(Map.of("avatar_media_id", "123456"))), 400);
        assertThat(get("/api/v1/users/me", ann.token()).json().get("avatar_url").isNull()).isTrue();

        TestHttp.Response own = call("PATCH", "/api/v1/users/me", ann.token(),
                json(Map.of("avatar_media_id", Long.toString(annsImage))));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.textOf("avatar_url")).isEqualTo("http://127.0.0.1:8080/api/v1/media/" + annsImage + "/content");

        MEDIA_DOWN.set(true);
        try {
            assertProblem(call("PATCH", "/api/v1/users/me", ann.token(),
                    json(Map.of("avatar_media_id", Long.toString(annsImage)))), 503);
        } finally {
            MEDIA_DOWN.set(false);
        }
    }

    @Test
    void forgedTokensAreRefused() {
        TestUser ann = signup("tk_");
        for (String forged : List.of(TestTokens.token(ann.id()), TestTokens.expired(ann.id()),
                TestTokens.signedByStranger(ann.id()), TestTokens.unsigned(ann.id()),
                TestTokens.hmacWithPublicKey(ann.id()), tampered(ann.token()), "not.a.jwt", "")) {
            assertProblem(get("/api/v1/users/me", forged.isEmpty() ? null : forged), 401);
            assertProblem(call("PATCH", "/api/v1/users/me", forged.isEmpty() ? null : forged,
                    json(Map.of("bio", "forged"))), 401);
        }
        assertThat(get("/api/v1/users/" + ann.id(), null).json().get("bio").isNull()).isTrue();
    }

    @Test
    void theInternalBatchLookupAnswersInTheOrderAskedWithTheViewer() {
        TestUser ann = signup("in_");
        TestUser bob = signup("in_");
        TestUser viewer = signup("in_");
        call("PUT", "/api/v1/users/" + bob.id() + "/follow", viewer.token(), null);

        TestHttp.Response found = getInternal("/internal/users?ids=" + bob.id() + ",999999999999," + ann.id()
                + "&viewer=" + viewer.id());
        assertThat(found.status()).isEqualTo(200);
        JsonNode items = found.json().get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("id").asString()).isEqualTo(Long.toString(bob.id()));
        assertThat(items.get(0).get("followed_by_me").asBoolean()).isTrue();
        assertThat(items.get(0).get("followers_count").asLong()).isEqualTo(1);
        assertThat(items.get(1).get("followed_by_me").asBoolean()).isFalse();

        JsonNode anonymous = getInternal("/internal/users?ids=" + ann.id()).json().get("items");
        assertThat(anonymous.get(0).get("followed_by_me").isNull()).isTrue();

        StringBuilder tooMany = new StringBuilder("1");
        for (int i = 2; i <= 101; i++) {
            tooMany.append(',').append(i);
        }
        assertProblem(getInternal("/internal/users?ids=" + tooMany), 400);
        assertProblem(getInternal("/internal/users?ids=1,abc"), 400);
        assertProblem(getInternal("/internal/users?ids=1&viewer=x"), 400);
    }

    @Test
    void theInternalBatchLookupRefusesCallersWithoutTheServiceCredential() {
        TestUser ann = signup("in_");
        String path = "/internal/users?ids=" + ann.id() + "&viewer=" + ann.id();
        assertThat(getInternal(path).status()).isEqualTo(200);

        for (TestHttp.Response refused : List.of(get(path, null), get(path, ann.token()),
                getInternal(path, TestServiceTokens.fromAnotherDeployment("GET", path)),
                getInternal(path, TestServiceTokens.expired("GET", path)),
                getInternal(path, TestServiceTokens.forCall("GET", "/internal/users?ids=" + ann.id())))) {
            assertProblem(refused, 401);
            assertThat(refused.body()).doesNotContain(ann.handle());
        }
    }

    /** The user's own valid token with its subject changed: the signature no longer matches. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String forged = payload.replaceFirst("\"sub\":\"(\\d+)\"", "\"sub\":\"1\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes())
                + "." + parts[2];
    }
}
