package dev.chirp.gateway.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import dev.chirp.gateway.web.GatewayFilterOrder;

/**
 * Verifies the bearer token, if any, and records the {@link TokenVerdict} on the exchange. It refuses nothing itself:
 * the rate limiter needs the caller first (per-user buckets), and {@link AccessFilter} decides afterwards, so a
 * refused request still carries rate-limit headers. The {@code Authorization} header goes on unchanged; the
 * services verify it again.
 */
@Component
class TokenFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(TokenFilter.class);
    private static final String BEARER = "bearer ";

    private final ReactiveJwtDecoder decoder;

    TokenFilter(ReactiveJwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return identify(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                .flatMap(caller -> {
                    exchange.getAttributes().put(TokenVerdict.ATTRIBUTE, caller);
                    return chain.filter(exchange);
                });
    }

    private Mono<TokenVerdict> identify(String authorization) {
        if (authorization == null) {
            return Mono.just(new TokenVerdict.Anonymous());
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.just(new TokenVerdict.Invalid("not a bearer token"));
        }
        String token = authorization.substring(BEARER.length()).trim();
        return decoder.decode(token)
                .<TokenVerdict>map(jwt -> new TokenVerdict.User(jwt.getSubject()))
                .onErrorResume(BadJwtException.class, e -> Mono.just(new TokenVerdict.Invalid(e.getMessage())))
                // Anything else (no usable keys: Nimbus reports it as an IllegalStateException or a JwtException) is
                // a token that cannot be checked now, not a bad one: 503, never 500 or 401.
                .onErrorResume(e -> !(e instanceof BadJwtException), e -> {
                    log.warn("Could not verify a token: {}", e.getMessage());
                    return Mono.just(new TokenVerdict.Unverifiable());
                });
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.TOKEN;
    }
}
