package dev.chirp.gateway.web;

import dev.chirp.shared.error.Problems;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import tools.jackson.databind.json.JsonMapper;

/** Writes an RFC 9457 problem as the whole response: the gateway's only way of saying no. */
@Component
public class ProblemReplies {

    private final JsonMapper json;

    ProblemReplies(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> reply(ServerWebExchange exchange, HttpStatus status, String type, String detail) {
        return reply(exchange, Problems.of(status, type, detail, exchange.getRequest().getPath().value()));
    }

    public Mono<Void> reply(ServerWebExchange exchange, ProblemDetail problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        // as the services' 503s (ProblemResponses): a client told to retry is told when; a value set before wins
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()
                && !response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Problems.RETRY_AFTER_SECONDS));
        }
        byte[] body = json.writeValueAsBytes(problem);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
