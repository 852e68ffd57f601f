package dev.chirp.gateway.ratelimit;

import org.springframework.http.HttpMethod;

/**
 * Which bucket a request draws from: writes cost more than reads, uploads and login attempts more still. The path is
 * the canonical one ({@code web.RequestPath}): {@code /api/v1/auth/%6Cogin} is a login. {@code LOGIN_ACCOUNT} is the
 * second bucket a login attempt draws from, per target account.
 */
enum RequestKind {
    READ, WRITE, UPLOAD, LOGIN, LOGIN_ACCOUNT;

    static final String LOGIN_PATH = "/api/v1/auth/login";

    static RequestKind of(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method)
                && (path.equals(LOGIN_PATH) || path.equals("/api/v1/auth/signup"))) {
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
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
