package dev.chirp.gateway.web;

import java.util.List;
import java.util.Locale;

import dev.chirp.shared.error.ProblemTypes;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Removes what a client must never be able to tell a service: identity headers ({@code X-User-Id}, anything
 * {@code X-Chirp-*}, which includes the service credential {@code X-Chirp-Service-Token} of internal calls). Also
 * refuses (400) paths that do not mean what they say ({@link RequestPath}: dot segments, encoded slashes, control
 * characters, double encoding, ...), which a service's servlet container might normalise into a path the gateway
 * never routes (such as {@code /internal/**}).
 */
@Component
class RequestSanitizer implements WebFilter, Ordered {

    private final ProblemReplies problems;

    RequestSanitizer(ProblemReplies problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String refusal = RequestPath.of(exchange.getRequest().getURI().getRawPath()).refusal();
        if (refusal != null) {
            return problems.reply(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.BAD_REQUEST,
                    "The request path is malformed: it contains " + refusal + ".");
        }
        List<String> identityHeaders = exchange.getRequest().getHeaders().headerNames().stream()
                .filter(RequestSanitizer::isIdentityHeader).toList();
        if (identityHeaders.isEmpty()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(headers -> identityHeaders.forEach(headers::remove)).build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    static boolean isIdentityHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("x-user-id") || lower.startsWith("x-chirp-");
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.SANITIZE;
    }
}
