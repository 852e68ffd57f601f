package dev.chirp.shared.error;

import java.net.URI;

/** The {@code type} URIs of Chirp's problems: stable identifiers that clients may switch on. */
public final class ProblemTypes {

    private static final String BASE = "https://chirp.dev/problems/";

    public static final String VALIDATION = "validation";
    public static final String BAD_REQUEST = "bad-request";
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String CONFLICT = "conflict";
    public static final String TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String RATE_LIMITED = "rate-limited";
    public static final String UNAVAILABLE = "service-unavailable";
    public static final String INTERNAL = "internal-error";

    private ProblemTypes() {
    }

    /** The type for a bare status, where nothing more specific is known. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }

    public static URI uri(String type) {
        return URI.create(BASE + type);
    }
}
