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
}
