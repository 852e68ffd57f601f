package dev.chirp.shared.error;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.util.DisconnectedClientHelper;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Maps every exception a request can end in to {@code application/problem+json} (docs/03-api.md "errors"): the one place
 * where Chirp decides what a failure looks like on the wire. Unknown failures become a bare 500 with no detail
 * and are logged with their stack trace here, never sent to the client.
 */
@RestControllerAdvice
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        return respond(Problems.of(e, request.getRequestURI()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        return respond(Problems.validation(fieldProblems(e.getBindingResult()), request.getRequestURI()));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                problems.add(new FieldProblem(FieldNames.snakeCase(result.getMethodParameter().getParameterName()),
                        error.getDefaultMessage()))));
        return respond(Problems.validation(problems, request.getRequestURI()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(Problems.validation(List.of(new FieldProblem(FieldNames.snakeCase(e.getName()),
                "has the wrong format")), request.getRequestURI()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        ApiException cause = causeOfType(e, ApiException.class);
        if (cause != null) {
            return api(cause, request);
        }
        DatabindException mismatch = causeOfType(e, DatabindException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            String field = FieldNames.path(mismatch.getPath());
            return respond(Problems.validation(List.of(new FieldProblem(field, "has the wrong type or format")),
                    request.getRequestURI()));
        }
        boolean missing = causeOfType(e, JacksonException.class) == null && e.getMessage() != null
                && e.getMessage().startsWith("Required request body is missing");
        String detail = missing ? "The request body is missing." : "The request body is not valid JSON.";
        return respond(Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_JSON, detail,
                request.getRequestURI()));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> uploadTooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE,
                "The upload is larger than allowed.", request.getRequestURI()));
    }

    /** Spring's own refusals (404 no route, 405, 415, 406, missing parameter, ...) keep their status. */
    @ExceptionHandler({ErrorResponseException.class, ServletException.class})
    ResponseEntity<ProblemDetail> framework(Exception e, HttpServletRequest request) {
        if (!(e instanceof ErrorResponse response)) {
            return unexpected(e, request);
        }
        HttpStatusCode status = response.getStatusCode();
        String detail = response.getBody().getDetail() != null ? response.getBody().getDetail()
                : HttpStatus.valueOf(status.value()).getReasonPhrase();
        return respond(Problems.of(status, ProblemTypes.forStatus(status.value()), detail, request.getRequestURI()));
    }

    /**
     * A client that left (a closed live stream, say) makes the next write fail: the normal end of a connection, not a
     * server error, and there is no response left to write a problem into.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientWentAway() {
        // nothing to answer: the connection is gone
    }

    @ExceptionHandler(Exception.class)
    @Nullable ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // The same, wrapped: writing the answer's JSON failed because the caller had given up on it (a sibling's
            // read timeout, seen while a Redis primary was failed over); it was logged as an unhandled failure.
            log.debug("The client of {} {} went away: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return null;
        }
        if (DependencyFailures.isUnavailable(e)) {
            log.warn("A dependency could not answer {} {}: {}", request.getMethod(), request.getRequestURI(),
                    e.toString());
            return respond(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                    "A server this service depends on is not answering; try again shortly.",
                    request.getRequestURI()));
        }
        log.error("Unhandled failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Something went wrong on our side.", request.getRequestURI()));
    }

    /** Every 503 carries {@code Retry-After}: it is the one failure a client should simply retry, later. */
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Problems.RETRY_AFTER_SECONDS));
        }
        return response.body(problem);
    }

    private static List<FieldProblem> fieldProblems(BindingResult result) {
        List<FieldProblem> problems = new ArrayList<>();
        result.getFieldErrors().forEach(error ->
                problems.add(new FieldProblem(FieldNames.snakeCase(error.getField()), error.getDefaultMessage())));
        result.getGlobalErrors().forEach(error ->
                problems.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return problems;
    }

    static <T extends Throwable> @Nullable T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
