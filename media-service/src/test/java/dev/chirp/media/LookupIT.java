package dev.chirp.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/** Public reads of unknown media, and the internal batch lookup that other services call. */
class LookupIT extends MediaServiceIT {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/media/123456789", "/api/v1/media/abc", "/api/v1/media/-1",
            "/api/v1/media/99999999999999999999", "/api/v1/media/123456789/content",
            "/api/v1/media/abc/thumbnail", "/api/v1/media/%27%20OR%201=1--"})
    void unknownMediaIs404(String path) {
        TestHttp.Response response = get(path);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void internalLookupAnswersInTheOrderAskedWithOwnersAndWithoutUnknownIds() {
        String first = uploadAs(7, TestImages.jpeg(20, 10));
        String second = uploadAs(8, TestImages.png(10, 20));

        TestHttp.Response response = getInternal("/internal/media?ids=" + second + ",42," + first + "," + second);

        assertThat(response.status()).isEqualTo(200);
        JsonNode items = response.json().get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("id").asString()).isEqualTo(second);
        assertThat(items.get(0).get("owner_id").asString()).isEqualTo("8");
        assertThat(items.get(0).get("width").asInt()).isEqualTo(10);
        assertThat(items.get(0).get("url").asString()).isEqualTo(PUBLIC_BASE + "/api/v1/media/" + second
                + "/content");
        assertThat(items.get(1).get("id").asString()).isEqualTo(first);
        assertThat(items.get(1).get("owner_id").asString()).isEqualTo("7");
        assertThat(items.get(1).get("content_type").asString()).isEqualTo("image/jpeg");
        assertThat(getInternal("/internal/media?ids=" + first + ",garbage").status())
                .as("a list that is not a list of IDs").isEqualTo(400);
    }

    @Test
    void internalLookupTakesAtMostOneHundredIds() {
        String ids = IntStream.rangeClosed(1, 101).mapToObj(Integer::toString).collect(Collectors.joining(","));

        assertThat(getInternal("/internal/media?ids=" + ids).status()).isEqualTo(400);
        assertThat(getInternal("/internal/media").status()).isEqualTo(400);
    }

    @Test
    void internalLookupRefusesCallersWithoutTheServiceCredentialAndTellsThemNothing() {
        String id = uploadAs(7, TestImages.png(10, 20));
        String path = "/internal/media?ids=" + id;
        assertThat(getInternal(path).status()).isEqualTo(200);

        List<TestHttp.Response> refused = List.of(
                get(path),
                http.get(path, TestTokens.bearer(7)),
                getInternal(path, TestServiceTokens.fromAnotherDeployment("GET", path)),
                getInternal(path, TestServiceTokens.expired("GET", path)),
                getInternal(path, TestServiceTokens.forCall("GET", "/internal/media?ids=1")),
                getInternal(path, "not-a-token"));
        for (TestHttp.Response response : refused) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.json().get("type").asString()).isEqualTo("https://chirp.dev/problems/unauthorized");
            assertThat(response.body()).doesNotContain("owner_id", id);
        }
    }

    private String uploadAs(long owner, byte[] image) {
        TestHttp.Response response = upload(new Multipart().file("file", "f", "image/x", image),
                TestTokens.bearer(owner));
        assertThat(response.status()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}
