package dev.chirp.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void percentEncodingIsDecodedOnceInAnyCase() {
        assertThat(RequestPath.of("/api/v1/auth/%6Cogin")).isEqualTo(new RequestPath("/api/v1/auth/login", null));
        assertThat(RequestPath.of("/api/v1/auth/%6cogin").canonical()).isEqualTo("/api/v1/auth/login");
        assertThat(RequestPath.of("/api/v1/medi%61").canonical()).isEqualTo("/api/v1/media");
        assertThat(RequestPath.of("/api/v1/users/a%2eb")).isEqualTo(new RequestPath("/api/v1/users/a.b", null));
        assertThat(RequestPath.of("/api/v1/users/%40alice")).isEqualTo(new RequestPath("/api/v1/users/@alice", null));
        assertThat(RequestPath.of("/api/v1/search/caf%C3%A9").canonical()).isEqualTo("/api/v1/search/café");
    }

    @Test
    void aTrailingSlashIsDroppedButNotRefused() {
        assertThat(RequestPath.of("/api/v1/auth/login/")).isEqualTo(new RequestPath("/api/v1/auth/login", null));
        assertThat(RequestPath.of("/")).isEqualTo(new RequestPath("/", null));
    }

    @Test
    void emptyAndDotSegmentsAndParametersAreNormalisedAwayAndRefused() {
        assertRefused("/api/v1//auth/login", "/api/v1/auth/login");
        assertRefused("/api/v1/./auth/login", "/api/v1/auth/login");
        assertRefused("/api/v1/auth/login;jsessionid=1", "/api/v1/auth/login");
        assertRefused("/api/v1/auth;x=1/login", "/api/v1/auth/login");
        assertRefused("/api/v1/media/.", "/api/v1/media");
    }

    @Test
    void pathsWhoseDecodingMeansSomethingElseAreRefused() {
        for (String path : new String[] {"/api/v1/tweets/%2e%2e/internal", "/api/v1/tweets/%2E%2E/internal",
                "/api/v1/tweets/..%2Finternal", "/api/v1/tweets/../../internal", "/api/v1/tweets/..",
                "/api/v1/tweets/.%2e", "/api/v1/tweets/..;x/internal", "/api/v1/tweets/a%2fb", "/api/v1/tweets/a%5Cb",
                "/api/v1/tweets/a\\b", "/api/v1/tweets/%252e%252e", "/api/v1/tweets/%25", "/api/v1/tweets/1%00",
                "/api/v1/tweets/1%0A", "/api/v1/tweets/1%7f", "/api/v1/tweets/1%", "/api/v1/tweets/1%4",
                "/api/v1/tweets/1%zz"}) {
            assertThat(RequestPath.of(path).refusal()).as(path).isNotNull();
        }
        assertThat(RequestPath.of("/api/v1/search/tweets").refusal()).isNull();
    }

    private static void assertRefused(String raw, String canonical) {
        RequestPath path = RequestPath.of(raw);
        assertThat(path.refusal()).as(raw).isNotNull();
        assertThat(path.canonical()).as(raw).isEqualTo(canonical);
    }
}
