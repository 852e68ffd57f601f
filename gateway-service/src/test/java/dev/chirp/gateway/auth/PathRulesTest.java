package dev.chirp.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

class PathRulesTest {

    private final PathRules rules = new PathRules(
            List.of("GET /api/v1/users/*", "GET /api/v1/tweets/*", "POST /api/v1/auth/login", "/open/**"),
            List.of("GET /api/v1/users/me"));

    @Test
    void publicOnlyForTheNamedMethod() {
        assertThat(rules.isPublic(HttpMethod.GET, path("/api/v1/tweets/1"))).isTrue();
        assertThat(rules.isPublic(HttpMethod.HEAD, path("/api/v1/tweets/1"))).isTrue();
        assertThat(rules.isPublic(HttpMethod.DELETE, path("/api/v1/tweets/1"))).isFalse();
        assertThat(rules.isPublic(HttpMethod.POST, path("/api/v1/auth/login"))).isTrue();
        assertThat(rules.isPublic(HttpMethod.GET, path("/api/v1/auth/login"))).isFalse();
        assertThat(rules.isPublic(HttpMethod.PATCH, path("/open/x/y"))).isTrue();
    }

    @Test
    void privateExceptionsWin() {
        assertThat(rules.isPublic(HttpMethod.GET, path("/api/v1/users/42"))).isTrue();
        assertThat(rules.isPublic(HttpMethod.GET, path("/api/v1/users/me"))).isFalse();
    }

    @Test
    void patternsDoNotReachDeeper() {
        assertThat(rules.isPublic(HttpMethod.GET, path("/api/v1/tweets/1/like"))).isFalse();
        assertThat(rules.isPublic(HttpMethod.GET, path("/api/v1/timeline/home"))).isFalse();
    }

    private static PathContainer path(String path) {
        return PathContainer.parsePath(path);
    }
}
