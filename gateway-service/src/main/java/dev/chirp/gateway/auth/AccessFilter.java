package dev.chirp.gateway.auth;

import dev.chirp.gateway.web.ProblemReplies;
import dev.chirp.shared.error.ProblemTypes;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * docs/03-api.md "auth" for every routed request: public endpoints work without a token, all others answer 401 without a
 * valid one, and a token that was sent must be valid even on a public endpoint (a forged token is never quietly
 * treated as anonymous). A gateway filter rather than a web filter, so that a path no route serves stays a 404
 * whoever asks; the gateway's own endpoints (operations, API document) need no token.
 */
@Component
class AccessFilter implements GlobalFilter, Ordered {

    private final PathRules rules;
    private final ProblemReplies problems;

    AccessFilter(AuthProperties properties, ProblemReplies problems) {
        this.rules = new PathRules(properties.publicPaths(), properties.privatePaths());
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        TokenVerdict caller = TokenVerdict.of(exchange);
        if (caller instanceof TokenVerdict.User) {
            return chain.filter(exchange);
        }
        if (caller instanceof TokenVerdict.Invalid) {
            return unauthorized(exchange, "The access token is invalid or expired.");
        }
        if (caller instanceof TokenVerdict.Unverifiable) {
            return problems.reply(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                    "The access token cannot be checked right now; try again shortly.");
        }
        boolean open = rules.isPublic(exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().pathWithinApplication());
        return open ? chain.filter(exchange) : unauthorized(exchange, "This endpoint needs an access token.");
    }

    private Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
        exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
        return problems.reply(exchange, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, detail);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
