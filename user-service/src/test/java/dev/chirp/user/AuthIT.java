package dev.chirp.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.chirp.shared.security.JwtDecoders;
import dev.chirp.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AuthIT extends UserITBase {

    @Test
    void signupAnswersTheUserAndAWorkingToken() {
        String handle = uniqueHandle("Ann_");
        TestHttp.Response response = post("/api/v1/auth/signup", json(Map.of("handle", handle,
                "email", handle + "@Example.org", "password", "correct horse", "display_name", "Ann\u0065\u0301")));

        assertThat(response.status()).isEqualTo(201);
        JsonNode user = response.json().get("user");
        assertThat(user.get("handle").asString()).isEqualTo(handle);
        assertThat(user.get("display_name").asString()).isEqualTo("Ann\u00e9");
        assertThat(user.get("followers_count").asLong()).isZero();
        assertThat(user.get("tweet_count").asLong()).isZero();
        assertThat(user.has("bio")).isTrue();
        assertThat(user.get("bio").isNull()).isTrue();
        assertThat(user.has("email")).isFalse();
        assertThat(response.textOf("token_type")).isEqualTo("Bearer");
        assertThat(response.json().get("expires_in").asLong()).isEqualTo(3600);

        TestHttp.Response me = get("/api/v1/users/me", response.textOf("access_token"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.textOf("id")).isEqualTo(user.get("id").asString());
        assertThat(me.textOf("email")).isEqualTo(handle + "@Example.org");
    }

    @Test
    void theIssuedTokenVerifiesWithThePublishedKeys() {
        TestUser ann = signup("jwk_");
        TestHttp.Response jwks = get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        JsonNode key = jwks.json().get("keys").get(0);
        assertThat(key.get("kty").asString()).isEqualTo("RSA");
        assertThat(key.has("d")).as("no private part is published").isFalse();

        Jwt jwt = JwtDecoders.withChirpValidators(JwtDecoders.fromJwkSet(jwks.body())).decode(ann.token());
        assertThat(jwt.getSubject()).isEqualTo(Long.toString(ann.id()));
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("kid", key.get("kid").asString());
        Instant issued = jwt.getIssuedAt();
        assertThat(jwt.getExpiresAt()).isEqualTo(issued.plusSeconds(3600));
    }

    @Test
    void loginWorksByHandleAnyCaseAndByEmail() {
        TestUser ann = signup("log_");
        TestHttp.Response byHandle = post("/api/v1/auth/login",
                json(Map.of("login", ann.handle().toUpperCase(), "password", "correct horse")));
        TestHttp.Response byEmail = post("/api/v1/auth/login",
                json(Map.of("login", ann.email(), "password", "correct horse")));

        assertThat(byHandle.status()).isEqualTo(200);
        assertThat(byHandle.json().get("user").get("id").asString()).isEqualTo(Long.toString(ann.id()));
        assertThat(byEmail.status()).isEqualTo(200);
        assertThat(get("/api/v1/users/me", byEmail.textOf("access_token")).status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordAndAnUnknownAccountGetTheSameAnswer() {
        TestUser ann = signup("pw_");
        TestHttp.Response wrongPassword = post("/api/v1/auth/login",
                json(Map.of("login", ann.handle(), "password", "wrong horse")));
        TestHttp.Response unknown = post("/api/v1/auth/login",
                json(Map.of("login", uniqueHandle("nobody"), "password", "wrong horse")));
        TestHttp.Response unknownEmail = post("/api/v1/auth/login",
                json(Map.of("login", "nobody@example.org", "password", "wrong horse")));

        assertProblem(wrongPassword, 401);
        for (TestHttp.Response other : List.of(unknown, unknownEmail)) {
            assertProblem(other, 401);
            assertThat(other.textOf("title")).isEqualTo(wrongPassword.textOf("title"));
            assertThat(other.textOf("detail")).isEqualTo(wrongPassword.textOf("detail"));
            assertThat(other.textOf("type")).isEqualTo(wrongPassword.textOf("type"));
        }
    }

    @Test
    void concurrentSignupsForOneHandleGiveOne201AndOne409() throws Exception {
        for (int round = 0; round < 5; round++) {
            String handle = uniqueHandle("race");
            List<Integer> statuses = race(
                    () -> post("/api/v1/auth/signup", json(Map.of("handle", handle, "email", "a" + handle + "@x.org",
                            "password", "correct horse"))).status(),
                    () -> post("/api/v1/auth/signup", json(Map.of("handle", handle.toUpperCase(),
                            "email", "b" + handle + "@x.org", "password", "correct horse"))).status());
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
            // the loser left no e-mail claim behind: its e-mail is free
            assertThat(session.execute("SELECT count(*) FROM users_by_email WHERE email_key IN ?",
                    List.of(("a" + handle + "@x.org").toLowerCase(), ("b" + handle + "@x.org").toLowerCase()))
                    .one().getLong(0)).isEqualTo(1);
        }
    }

    @Test
    void concurrentSignupsForOneEmailGiveOne201AndOne409AndReleaseTheHandle() throws Exception {
        for (int round = 0; round < 5; round++) {
            String email = uniqueHandle("mail") + "@example.org";
            String first = uniqueHandle("ea");
            String second = uniqueHandle("eb");
            List<Integer> statuses = race(
                    () -> post("/api/v1/auth/signup", json(Map.of("handle", first, "email", email,
                            "password", "correct horse"))).status(),
                    () -> post("/api/v1/auth/signup", json(Map.of("handle", second, "email", email.toUpperCase(),
                            "password", "correct horse"))).status());
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
            String loser = session.execute("SELECT handle_key FROM users_by_handle WHERE handle_key = ?",
                    first.toLowerCase()).one() == null ? first : second;
            assertThat(session.execute("SELECT handle_key FROM users_by_handle WHERE handle_key = ?",
                    loser.toLowerCase()).one()).as("the losing handle claim was released").isNull();
            assertThat(post("/api/v1/auth/signup", json(Map.of("handle", loser, "email", "other" + email,
                    "password", "correct horse"))).status()).isEqualTo(201);
        }
    }

    @Test
    void aHandleDifferingOnlyInCaseIsTaken() {
        TestUser ann = signup("case");
        long users = countRows("users");
        TestHttp.Response again = post("/api/v1/auth/signup", json(Map.of("handle", ann.handle().toUpperCase(),
                "email", "x" + ann.email(), "password", "correct horse")));
        assertProblem(again, 409);
        TestHttp.Response sameEmail = post("/api/v1/auth/signup", json(Map.of("handle", uniqueHandle("other"),
                "email", ann.email().toUpperCase(), "password", "correct horse")));
        assertProblem(sameEmail, 409);
        assertThat(countRows("users")).isEqualTo(users);
    }

    @Test
    void everyBadSignupIsRefusedAndWritesNothing() {
        long users = countRows("users");
        long handles = countRows("users_by_handle");
        long emails = countRows("users_by_email");
        Map<String, Integer> cases = new HashMap<>();
        String ok = "\"email\":\"bad@example.org\",\"password\":\"correct horse\"";
        cases.put("{\"handle\":\"validname1\"," + ok, 400);                    // malformed JSON
        cases.put("{\"handle\":[\"x\"]," + ok + "}", 400);                    // wrong type
        cases.put("{\"handle\":{\"a\":1}," + ok + "}", 400);                  // wrong type
        cases.put("[1,2,3]", 400);                                            // not an object
        cases.put("{" + ok + "}", 400);                                       // missing handle
        cases.put("{\"handle\":\"ab\"," + ok + "}", 400);                     // too short
        cases.put("{\"handle\":\"abcdefghijklmnop\"," + ok + "}", 400);       // too long
        cases.put("{\"handle\":\"j\u00f6rg_name\"," + ok + "}", 400);         // unicode letter
        cases.put("{\"handle\":\"ab\u200bcd\"," + ok + "}", 400);             // zero-width space
        cases.put("{\"handle\":\"a'; DROP TABLE users;--\"," + ok + "}", 400);
        cases.put("{\"handle\":\"<script>\"," + ok + "}", 400);
        cases.put("{\"handle\":\"name\\u0000x\"," + ok + "}", 400);
        cases.put("{\"handle\":\"goodname1\",\"email\":\"not-an-email\",\"password\":\"correct horse\"}", 400);
        cases.put("{\"handle\":\"goodname1\",\"email\":\"a b@example.org\",\"password\":\"correct horse\"}", 400);
        cases.put("{\"handle\":\"goodname1\",\"email\":\"bad@example.org\",\"password\":\"short\"}", 400);
        cases.put("{\"handle\":\"goodname1\",\"email\":\"bad@example.org\",\"password\":\"" + "p".repeat(129)
                + "\"}", 400);
        cases.put("{\"handle\":\"goodname1\"," + ok + ",\"display_name\":\"" + "n".repeat(51) + "\"}", 400);
        cases.put("{\"handle\":\"goodname1\"," + ok + ",\"display_name\":\"bell\\u0007\"}", 400);
        cases.put("{\"handle\":\"goodname1\"," + ok + ",\"padding\":\"" + "x".repeat(70 * 1024) + "\"}", 413);
        cases.forEach((body, status) -> assertProblem(post("/api/v1/auth/signup", body), status));

        TestHttp.Response wrongType = call("POST", "/api/v1/auth/signup", null, null);
        assertThat(wrongType.status()).isIn(400, 415);
        assertThat(countRows("users")).isEqualTo(users);
        assertThat(countRows("users_by_handle")).isEqualTo(handles);
        assertThat(countRows("users_by_email")).isEqualTo(emails);
    }

    @Test
    void aValidationProblemNamesTheFields() {
        TestHttp.Response response = post("/api/v1/auth/signup",
                json(Map.of("handle", "x", "email", "nope", "password", "short")));
        assertProblem(response, 400);
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("handle", "email", "password");
    }

    @SafeVarargs
    private static <T> List<T> race(Callable<T>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
