package dev.chirp.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class RequestKindTest {

    @Test
    void classifiesByMethodAndPath() {
        assertThat(RequestKind.of(HttpMethod.GET, "/api/v1/tweets/1")).isEqualTo(RequestKind.READ);
        assertThat(RequestKind.of(HttpMethod.HEAD, "/api/v1/tweets/1")).isEqualTo(RequestKind.READ);
        assertThat(RequestKind.of(HttpMethod.POST, "/api/v1/tweets")).isEqualTo(RequestKind.WRITE);
        assertThat(RequestKind.of(HttpMethod.PUT, "/api/v1/tweets/1/like")).isEqualTo(RequestKind.WRITE);
        assertThat(RequestKind.of(HttpMethod.PATCH, "/api/v1/users/me")).isEqualTo(RequestKind.WRITE);
        assertThat(RequestKind.of(HttpMethod.DELETE, "/api/v1/tweets/1")).isEqualTo(RequestKind.WRITE);
        assertThat(RequestKind.of(HttpMethod.POST, "/api/v1/media")).isEqualTo(RequestKind.UPLOAD);
        assertThat(RequestKind.of(HttpMethod.GET, "/api/v1/media")).isEqualTo(RequestKind.READ);
        assertThat(RequestKind.of(HttpMethod.POST, "/api/v1/auth/login")).isEqualTo(RequestKind.LOGIN);
        assertThat(RequestKind.of(HttpMethod.POST, "/api/v1/auth/signup")).isEqualTo(RequestKind.LOGIN);
    }
}
