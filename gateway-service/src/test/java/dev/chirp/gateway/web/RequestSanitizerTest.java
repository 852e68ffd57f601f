package dev.chirp.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestSanitizerTest {

    @Test
    void identityHeadersAreRecognisedInAnyCase() {
        assertThat(RequestSanitizer.isIdentityHeader("X-User-Id")).isTrue();
        assertThat(RequestSanitizer.isIdentityHeader("x-user-id")).isTrue();
        assertThat(RequestSanitizer.isIdentityHeader("X-CHIRP-ROLES")).isTrue();
        assertThat(RequestSanitizer.isIdentityHeader("X-Chirp-Service-Token")).isTrue();
        assertThat(RequestSanitizer.isIdentityHeader("Authorization")).isFalse();
        assertThat(RequestSanitizer.isIdentityHeader("X-Request-Id")).isFalse();
    }

    @Test
    void pathsThatAServletContainerWouldRewriteAreDeceptive() {
        assertThat(RequestSanitizer.isDeceptive("/api/v1/tweets/%2e%2e/internal")).isTrue();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/tweets/%2E%2E/internal")).isTrue();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/tweets/..%2Finternal")).isTrue();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/tweets/../../internal")).isTrue();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/tweets/1;jsessionid=x")).isTrue();
        assertThat(RequestSanitizer.isDeceptive("/api/v1//tweets")).isTrue();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/tweets/..")).isTrue();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/users/@alice")).isFalse();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/search/tweets")).isFalse();
        assertThat(RequestSanitizer.isDeceptive("/api/v1/users/a.b")).isFalse();
    }
}
