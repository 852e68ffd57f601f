package dev.chirp.gateway.ratelimit;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.chirp.gateway.auth.Caller;
import dev.chirp.gateway.web.GatewayFilterOrder;
import dev.chirp.gateway.web.ProblemReplies;
import dev.chirp.shared.error.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * API.md "rate limits": every request through the gateway takes a token from its caller's bucket for its kind
 * ({@link RequestKind}): per user when the token verified, per client address otherwise (also for invalid tokens,
 * so forging tokens is limited too). Every answer carries {@code X-RateLimit-Limit} and
 * {@code X-RateLimit-Remaining}; an empty bucket answers 429 with {@code Retry-After}. When Redis cannot answer,
 * requests are served anyway (fail open: losing the limiter must not take the API down), logged and counted.
 * The gateway's own operations endpoints ({@code /actuator/**}) are not limited.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";

    private final TokenBuckets buckets;
    private final RateLimitProperties properties;
    private final ProblemReplies problems;
    private final Counter rejected;
    private final Counter failOpen;

    RateLimitFilter(TokenBuckets buckets, RateLimitProperties properties, ProblemReplies problems,
                    MeterRegistry meters) {
        this.buckets = buckets;
        this.properties = properties;
        this.problems = problems;
        this.rejected = Counter.builder("chirp.gateway.ratelimit.rejected")
                .description("Requests refused with 429 because the caller's bucket was empty").register(meters);
        this.failOpen = Counter.builder("chirp.gateway.ratelimit.failopen")
                .description("Requests served without a rate-limit check because Redis did not answer")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (path.startsWith("/actuator/") || path.equals("/actuator")) {
            return chain.filter(exchange);
        }
        RequestKind kind = RequestKind.of(request.getMethod(), path);
        int capacity = properties.limitFor(kind).capacity();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(LIMIT, Integer.toString(capacity));
        return buckets.take(kind, callerKey(exchange))
                .onErrorResume(e -> {
                    failOpen.increment();
                    log.warn("Rate limiter unavailable, serving {} {} unlimited: {}", request.getMethod(), path,
                            e.toString());
                    return Mono.just(new TokenBuckets.Take(true, capacity, Duration.ZERO));
                })
                .flatMap(take -> {
                    headers.set(REMAINING, Long.toString(take.remaining()));
                    return take.allowed() ? chain.filter(exchange) : refuse(exchange, take.retryAfter());
                });
    }

    private Mono<Void> refuse(ServerWebExchange exchange, Duration retryAfter) {
        rejected.increment();
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return problems.reply(exchange, HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                "Too many requests; try again in " + seconds + " s.");
    }

    static String callerKey(ServerWebExchange exchange) {
        if (Caller.of(exchange) instanceof Caller.User user) {
            return "user:" + user.userId();
        }
        var address = exchange.getRequest().getRemoteAddress();
        return "ip:" + (address != null && address.getAddress() != null
                ? address.getAddress().getHostAddress() : "unknown");
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.RATE_LIMIT;
    }
}
