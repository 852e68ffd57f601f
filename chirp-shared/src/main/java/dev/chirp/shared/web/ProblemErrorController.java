package dev.chirp.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import dev.chirp.shared.error.ProblemTypes;
import dev.chirp.shared.error.DependencyFailures;
import dev.chirp.shared.error.Problems;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page: whatever the servlet container reports (a failure in a filter, a path no handler
 * matches) leaves as problem+json, never as HTML or a stack trace.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        // A filter that needed a store which is away ends up here, past the controller advice: still a 503.
        boolean storeAway = status == HttpStatus.INTERNAL_SERVER_ERROR
                && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DependencyFailures.isUnavailable(failure);
        if (storeAway) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = storeAway ? "A server this service depends on is not answering; try again shortly."
                : status.is5xxServerError() ? "Something went wrong on our side." : status.getReasonPhrase();
        ProblemDetail problem = Problems.of(status, ProblemTypes.forStatus(status.value()), detail,
                uri != null ? uri.toString() : null);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Problems.RETRY_AFTER_SECONDS));
        }
        return response.body(problem);
    }
}
