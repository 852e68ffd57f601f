package dev.chirp.gateway.timing;

import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import dev.chirp.gateway.web.GatewayFilterOrder;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The gateway's part of the {@code Server-Timing} response header on API requests ({@code /api/**}): marks
 * placed between the steps they measure (GatewayFilterOrder), and one just before the request is sent on. The
 * entries are appended when the response is committed, after the service's own entries (timeline-service sends
 * its phases), which the gateway passes through. The web client's "how this page was served" drawer reads them;
 * a same-origin page needs no {@code Timing-Allow-Origin} to read a header of a fetch() response.
 */
@Configuration(proxyBeanMethods = false)
class ServerTimingFilters {

    static final String HEADER = "Server-Timing";

    private final LongSupplier clock = System::nanoTime;

    @Bean
    WebFilter serverTimingStart() {
        return new Mark(GatewayFilterOrder.TIMING_START, (exchange, now) -> {
            GatewayTimings timings = new GatewayTimings(now);
            exchange.getAttributes().put(GatewayTimings.ATTRIBUTE, timings);
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().add(HEADER, timings.header(clock.getAsLong()));
                return Mono.empty();
            });
        });
    }

    @Bean
    WebFilter serverTimingAfterToken() {
        return new Mark(GatewayFilterOrder.TIMING_AFTER_TOKEN, (exchange, now) -> timings(exchange).afterToken(now));
    }

    @Bean
    WebFilter serverTimingAfterRateLimit() {
        return new Mark(GatewayFilterOrder.TIMING_AFTER_RATE_LIMIT,
                (exchange, now) -> timings(exchange).afterRateLimit(now));
    }

    /** Last before the routing filter that calls the service. */
    @Bean
    GlobalFilter serverTimingUpstream() {
        return new UpstreamMark();
    }

    private static GatewayTimings timings(ServerWebExchange exchange) {
        return exchange.getAttribute(GatewayTimings.ATTRIBUTE);
    }

    static boolean isApi(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/");
    }

    private final class Mark implements WebFilter, Ordered {

        private final int order;
        private final BiConsumer<ServerWebExchange, Long> action;

        Mark(int order, BiConsumer<ServerWebExchange, Long> action) {
            this.order = order;
            this.action = action;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (isApi(exchange) && (order == GatewayFilterOrder.TIMING_START || timings(exchange) != null)) {
                action.accept(exchange, clock.getAsLong());
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    private final class UpstreamMark implements GlobalFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange,
                                 org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
            GatewayTimings timings = timings(exchange);
            if (timings != null) {
                Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
                timings.upstreamStart(clock.getAsLong(), route == null ? "upstream" : route.getUri().getHost()
                        + ":" + route.getUri().getPort() + " (route " + route.getId() + ")");
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            // Before NettyRoutingFilter (Ordered.LOWEST_PRECEDENCE), after every filter that may refuse.
            return Ordered.LOWEST_PRECEDENCE - 1;
        }
    }
}
