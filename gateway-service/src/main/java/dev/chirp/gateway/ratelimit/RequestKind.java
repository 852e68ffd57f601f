package dev.chirp.gateway.ratelimit;

import org.springframework.http.HttpMethod;

/** Which bucket a request draws from: writes cost more than reads, uploads and login attempts more still. */
enum RequestKind {
    READ, WRITE, UPLOAD, LOGIN;

    static RequestKind of(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method)
                && (path.equals("/api/v1/auth/login") || path.equals("/api/v1/auth/signup"))) {
            return LOGIN;
        }
        if (HttpMethod.POST.equals(method) && path.equals("/api/v1/media")) {
            return UPLOAD;
        }
        if (HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)
                || HttpMethod.DELETE.equals(method)) {
            return WRITE;
        }
        return READ;
    }

    String bucketName() {
        return name().toLowerCase();
    }
}
