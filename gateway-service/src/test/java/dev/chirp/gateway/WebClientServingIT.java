package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The web client at {@code /}: its files, its Content-Security-Policy, and the API left as it was. */
class WebClientServingIT extends GatewayITBase {

    @Test
    void rootServesTheWebClientWithAStrictPolicy() {
        byte[] page = client().get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Cache-Control", "no-cache")
                .expectHeader().value("Content-Security-Policy", policy -> assertThat(policy)
                        .contains("default-src 'none'", "script-src 'self';", "style-src 'self';",
                                "connect-src 'self'", "frame-ancestors 'none'", "require-trusted-types-for 'script'",
                                "img-src 'self' blob: http://127.0.0.1:9000")
                        .doesNotContain("unsafe-inline", "unsafe-eval"))
                .expectBody().returnResult().getResponseBody();
        String html = new String(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<script type=\"module\" src=\"/app/main.js\"></script>")
                .as("no inline script or style in the page itself")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContain("<style", "style=\"", "onclick=", "onload=");
    }

    @Test
    void scriptsAreModulesFromThisOriginWithThePolicy() {
        client().get().uri("/app/main.js").exchange()
                .expectStatus().isOk()
                .expectHeader().value("Content-Type", type -> assertThat(type).contains("javascript"))
                .expectHeader().exists("Content-Security-Policy")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
    }

    @Test
    void apiResponsesCarryNoPagePolicy() {
        client().get().uri("/api/v1/tweets/456").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Content-Security-Policy");
    }

    @Test
    void unknownPathsStayProblems() {
        assertProblem(client().get().uri("/app/nope.js").exchange(), 404);
        assertProblem(client().get().uri("/nothing-here").header("Authorization", TestTokens.bearer(newUserId()))
                .exchange(), 404);
    }
}
