package dev.chirp.gateway.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * docs/03-api.md "tracing": every response carries {@code X-Request-Id}, the client's own when it is sane (it ends up in
 * logs and upstream headers, so nothing else is echoed), otherwise a new one; the services receive the same value.
 */
@Component
class RequestIdFilter implements WebFilter, Ordered {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = chosenId(exchange.getRequest().getHeaders().getFirst(HEADER));
        exchange.getResponse().getHeaders().set(HEADER, id);
        ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.set(HEADER, id)).build();
        return chain.filter(exchange.mutate().request(request).build());
    }

    static String chosenId(@Nullable String clientValue) {
        return clientValue != null && SANE.matcher(clientValue).matches() ? clientValue : newId();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request ID only has to be unique, not unguessable,
     * and {@link UUID#randomUUID()}'s SecureRandom reads /dev/urandom under a lock on every call.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.REQUEST_ID;
    }
}
