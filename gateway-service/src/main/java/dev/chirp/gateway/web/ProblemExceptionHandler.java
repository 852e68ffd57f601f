package dev.chirp.gateway.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.error.Problems;
import dev.chirp.shared.error.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Every failure that reaches the gateway's edge becomes {@code application/problem+json}: unknown routes (404),
 * wrong methods (405), services that are down, slow or behind an open circuit breaker (503), and anything
 * unexpected (500, logged here, never described to the client). Runs before Boot's HTML/JSON error handler.
 */
@Component
@Order(-10)
class ProblemExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemReplies problems;

    ProblemExceptionHandler(ProblemReplies problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        String path = exchange.getRequest().getPath().value();
        ApiException api = causeOfType(failure, ApiException.class);
        if (api != null) {
            return problems.reply(exchange, Problems.of(api, path));
        }
        if (isUpstreamUnavailable(failure)) {
            log.warn("Upstream unavailable for {} {}: {}", exchange.getRequest().getMethod(), path,
                    failure.toString());
            return problems.reply(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                    "The service behind this endpoint is not available right now; try again shortly.");
        }
        if (failure instanceof ResponseStatusException status) {
            HttpStatusCode code = status.getStatusCode();
            if (code.is5xxServerError()) {
                log.error("Failure on {} {}", exchange.getRequest().getMethod(), path, failure);
            }
            return problems.reply(exchange, Problems.of(code, ProblemTypes.forStatus(code.value()),
                    detailFor(code), path));
        }
        log.error("Unhandled failure on {} {}", exchange.getRequest().getMethod(), path, failure);
        return problems.reply(exchange, HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Something went wrong on our side.");
    }

    /**
     * Connection refused, connect or response timeout, a connection the service closed before its answer (it
     * stopped or crashed mid-request), open circuit, full bulkhead: all mean "this service cannot answer now". An
     * open circuit reaches here as the gateway's own {@link ServiceUnavailableException}; a full bulkhead (too many
     * calls to one service in flight) is load shedding, which is also a 503.
     */
    static boolean isUpstreamUnavailable(Throwable failure) {
        if (failure instanceof ResponseStatusException status
                && (status.getStatusCode().value() == 503 || status.getStatusCode().value() == 504)) {
            return true;
        }
        return causeOfType(failure, ConnectException.class) != null
                || causeOfType(failure, ConnectTimeoutException.class) != null
                || causeOfType(failure, PrematureCloseException.class) != null
                || causeOfType(failure, TimeoutException.class) != null
                || causeOfType(failure, CallNotPermittedException.class) != null
                || causeOfType(failure, ServiceUnavailableException.class) != null
                || causeOfType(failure, BulkheadFullException.class) != null;
    }

    private static <T extends Throwable> @Nullable T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String detailFor(HttpStatusCode code) {
        return switch (code.value()) {
            case 404 -> "No such endpoint.";
            case 405 -> "This endpoint does not support that method.";
            case 413 -> "The request body is larger than allowed.";
            case 415 -> "This media type is not supported here.";
            default -> HttpStatus.valueOf(code.value()).getReasonPhrase();
        };
    }
}
