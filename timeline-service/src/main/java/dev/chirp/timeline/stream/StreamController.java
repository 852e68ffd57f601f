package dev.chirp.timeline.stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.chirp.shared.error.ProblemTypes;
import dev.chirp.shared.error.Problems;
import dev.chirp.shared.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class StreamController {

    private final StreamHub hub;

    StreamController(StreamHub hub) {
        this.hub = hub;
    }

    /**
     * Server-Sent Events: {@code tweet} and {@code notification}, with a comment line every heartbeat. The stream
     * ends when the token that opened it expires.
     */
    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller, @AuthenticationPrincipal Jwt token, HttpServletResponse response) {
        // A stream's connection is never reused: when a client goes away mid-stream, the gateway's pooled connection
        // could otherwise be handed to the next request with the tail of the stream still in it (seen once in a
        // fresh-clone run as a 500 "empty headers are not allowed" at the gateway for the next stream request).
        response.setHeader(HttpHeaders.CONNECTION, "close");
        return hub.open(caller.requireId(), token == null ? null : token.getExpiresAt());
    }

    /** Too many streams (the user's or this instance's): 429 with {@code Retry-After}, as the gateway's limit. */
    @ExceptionHandler(StreamsRefused.class)
    ResponseEntity<ProblemDetail> refused(StreamsRefused e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, e.getMessage(),
                        request.getRequestURI()));
    }
}
