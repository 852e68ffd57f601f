package dev.chirp.shared.error;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 body; shared by the servlet services and the reactive gateway. */
public final class Problems {

    /**
     * The {@code Retry-After} of every 503, in whole seconds, from the services and the gateway alike. A store that
     * dropped away is usually back (or a replica promoted) within seconds.
     */
    public static final long RETRY_AFTER_SECONDS = 5;

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String detail, @Nullable String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri(type));
        if (instance != null) {
            problem.setInstance(URI.create(safePath(instance)));
        }
        return problem;
    }

    public static ProblemDetail of(ApiException e, String instance) {
        ProblemDetail problem = of(e.status(), e.type(), e.getMessage(), instance);
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return problem;
    }

    public static ProblemDetail validation(List<FieldProblem> errors, String instance) {
        return of(ApiException.invalid(errors), instance);
    }

    /** Request paths can hold anything a client typed; keep the instance a valid URI reference. */
    private static String safePath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x21 || c > 0x7e || "\"<>\\^`{|}".indexOf(c) >= 0) {
                out.append('%').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
