package dev.chirp.gateway.routing;

import java.net.ConnectException;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Sends a POST, PUT, PATCH or DELETE on to the next instance when the connection to the one picked for it could not
 * be made (refused, or no answer within the connect timeout; Netty's connect timeout is a
 * {@link ConnectException} too): the request never reached a service, so sending it again cannot apply it twice.
 * Anything later (an answer, a 503, a connection dropped after the request went out) is the client's answer.
 *
 * <p>GET and HEAD pass through: the route's Retry filter (Spring Cloud Gateway's) sends them on in this case and in
 * more. It cannot do this part as well: two Retry filters on one route count their attempts in one exchange
 * attribute, so each would stop the other after the first try.
 */
final class ConnectFailover implements GatewayFilter {

    private final int retries;

    /** @param retries further instances to try, at most: the service's instances but one */
    ConnectFailover(int retries) {
        this.retries = retries;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (retries == 0 || method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            return chain.filter(exchange);
        }
        // Each attempt runs the rest of the chain again: the load balancer picks the next instance, and the body,
        // which nothing read while there was no connection, is sent then.
        return Mono.defer(() -> chain.filter(exchange))
                .retryWhen(Retry.max(retries)
                        .filter(ConnectFailover::neverConnected)
                        .doBeforeRetry(signal -> ServerWebExchangeUtils.reset(exchange))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    static boolean neverConnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
