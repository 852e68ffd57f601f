package dev.chirp.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.chirp.gateway.auth.TokenVerdict;
import dev.chirp.gateway.web.GatewayFilterOrder;
import dev.chirp.gateway.web.ProblemReplies;
import dev.chirp.gateway.web.RequestPath;
import dev.chirp.shared.error.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * docs/03-api.md "rate limits": every request through the gateway takes a token from its caller's bucket for its kind
 * ({@link RequestKind}, by the canonical path): per user when the token verified, per client address
 * ({@link ClientAddress}) otherwise (also for invalid tokens, so forging tokens is limited too). Login and signup
 * attempts always draw from the client address's bucket, whatever token comes with them (each new account must not
 * bring ten more guesses), and a login also from its target account's bucket ({@link LoginTarget}). Every answer
 * carries {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining} (of the tightest bucket); an empty bucket
 * answers 429 with {@code Retry-After}.
 *
 * <p>When Redis cannot answer, logins and signups are refused (503 with {@code Retry-After}: fail closed, or
 * password guessing would be unlimited for as long as Redis is away); everything else is served anyway (fail open:
 * losing the limiter must not take the API down). Both are logged and counted. Requests on the management port
 * (health, Prometheus) are not limited.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    private static final long FAIL_CLOSED_RETRY_SECONDS = 5;

    private final TokenBuckets buckets;
    private final RateLimitProperties properties;
    private final ClientAddress clientAddress;
    private final LoginTarget loginTarget;
    private final ProblemReplies problems;
    private final Environment environment;
    private final Counter rejected;
    private final Counter failOpen;
    private final Counter failClosed;

    RateLimitFilter(TokenBuckets buckets, RateLimitProperties properties, ClientAddress clientAddress,
                    LoginTarget loginTarget, ProblemReplies problems, Environment environment,
                    MeterRegistry meters) {
        this.buckets = buckets;
        this.properties = properties;
        this.clientAddress = clientAddress;
        this.loginTarget = loginTarget;
        this.problems = problems;
        this.environment = environment;
        this.rejected = Counter.builder("chirp.gateway.ratelimit.rejected")
                .description("Requests refused with 429 because the caller's bucket was empty").register(meters);
        this.failOpen = Counter.builder("chirp.gateway.ratelimit.failopen")
                .description("Requests served without a rate-limit check because Redis did not answer")
                .register(meters);
        this.failClosed = Counter.builder("chirp.gateway.ratelimit.failclosed")
                .description("Login and signup attempts refused with 503 because Redis did not answer")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (onManagementPort(request)) {
            return chain.filter(exchange);
        }
        String path = RequestPath.of(request.getURI().getRawPath()).canonical();
        RequestKind kind = RequestKind.of(request.getMethod(), path);
        String client = "ip:" + clientAddress.of(exchange);
        if (kind != RequestKind.LOGIN) {
            String caller = TokenVerdict.of(exchange) instanceof TokenVerdict.User user
                    ? "user:" + user.userId() : client;
            return charge(exchange, chain, kind, List.of(new TokenBuckets.Bucket(kind, caller)));
        }
        TokenBuckets.Bucket byAddress = new TokenBuckets.Bucket(RequestKind.LOGIN, client);
        if (!path.equals(RequestKind.LOGIN_PATH)) {
            return charge(exchange, chain, kind, List.of(byAddress));
        }
        return loginTarget.read(exchange, (int) properties.loginBodyLimit().toBytes())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(read -> read.isPresent()
                        ? charge(read.get().exchange(), chain, kind, List.of(byAddress,
                                new TokenBuckets.Bucket(RequestKind.LOGIN_ACCOUNT, read.get().account())))
                        : problems.reply(exchange, HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE,
                                "A login request body is at most " + properties.loginBodyLimit().toBytes()
                                        + " bytes."));
    }

    /**
     * The web filters also run on the management port (health, Prometheus), which is not public and must not drain
     * the scraper's bucket; on the public port {@code /actuator/**} is an unrouted path like any other.
     */
    private boolean onManagementPort(ServerHttpRequest request) {
        Integer managementPort = environment.getProperty("local.management.port", Integer.class);
        InetSocketAddress local = request.getLocalAddress();
        return managementPort != null && local != null && local.getPort() == managementPort;
    }

    private Mono<Void> charge(ServerWebExchange exchange, WebFilterChain chain, RequestKind kind,
                              List<TokenBuckets.Bucket> draws) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        int capacity = properties.limitFor(kind).capacity();
        headers.set(LIMIT, Integer.toString(capacity));
        return buckets.take(draws)
                .map(Optional::of)
                .onErrorResume(e -> {
                    ServerHttpRequest request = exchange.getRequest();
                    log.warn("Rate limiter unavailable, {} {} {}: {}", kind == RequestKind.LOGIN ? "refusing"
                            : "serving unlimited", request.getMethod(), request.getPath(), e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(outcome -> {
                    if (outcome.isPresent()) {
                        TokenBuckets.Take take = outcome.get();
                        headers.set(LIMIT, properties.limitFor(take.tightest()).capacity().toString());
                        headers.set(REMAINING, Long.toString(take.remaining()));
                        return take.allowed() ? chain.filter(exchange) : refuse(exchange, take.retryAfter());
                    }
                    if (kind != RequestKind.LOGIN) {
                        failOpen.increment();
                        headers.set(REMAINING, Integer.toString(capacity));
                        return chain.filter(exchange);
                    }
                    failClosed.increment();
                    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(FAIL_CLOSED_RETRY_SECONDS));
                    return problems.reply(exchange, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                            "Sign-in is unavailable for a moment; try again in " + FAIL_CLOSED_RETRY_SECONDS + " s.");
                });
    }

    private Mono<Void> refuse(ServerWebExchange exchange, Duration retryAfter) {
        rejected.increment();
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return problems.reply(exchange, HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                "Too many requests; try again in " + seconds + " s.");
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.RATE_LIMIT;
    }
}
