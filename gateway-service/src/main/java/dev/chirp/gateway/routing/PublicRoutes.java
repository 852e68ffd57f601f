package dev.chirp.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * docs/03-api.md's table, row by row, as routes. Only {@code /api/v1/**} is routed; {@code /internal/**} and everything
 * else matches nothing and ends in a 404 problem. Order matters where two services share a prefix: the tweet
 * lists under {@code /api/v1/users/{id}/} belong to tweet-service and are matched before user-service's
 * {@code /api/v1/users/**}.
 *
 * <p>Each service has its own circuit breaker (named after it), so one failing service fails fast without
 * affecting the others. The live stream has neither a circuit breaker nor a response timeout: it is meant to
 * stay open for hours.
 *
 * <p>Every route names a service, not an address ({@code lb://}, {@link ServiceInstances}): each request goes to
 * the next of its instances. A request whose connection could not be made goes on to another instance, whatever
 * its method ({@link ConnectFailover} and the Retry filter). A GET or HEAD is also sent once more, to another
 * instance, when the first answered 502 or 503 or its connection broke before the answer: reading twice is
 * harmless. Nothing else is repeated: a POST, PATCH or DELETE that reached a service may have been applied, and a
 * timed-out request has already cost the client the response timeout.
 */
@Configuration(proxyBeanMethods = false)
class PublicRoutes {

    @Bean
    RouteLocator chirpRoutes(RouteLocatorBuilder builder, UpstreamProperties services) {
        long apiTimeout = services.responseTimeout().toMillis();
        Duration connect = services.connectTimeout();
        return builder.routes()
                .route("tweet-lists-of-user", r -> api(r.path("/api/v1/users/*/tweets", "/api/v1/users/*/likes"),
                        "tweet", services.tweet(), connect, apiTimeout))
                .route("tweets", r -> api(r.path("/api/v1/tweets", "/api/v1/tweets/**"),
                        "tweet", services.tweet(), connect, apiTimeout))
                .route("auth", r -> api(r.path("/api/v1/auth/**"),
                        "user", services.user(), connect, apiTimeout))
                .route("users", r -> api(r.path("/api/v1/users", "/api/v1/users/**"),
                        "user", services.user(), connect, apiTimeout))
                .route("stream", r -> r.path("/api/v1/stream")
                        // any instance will do: events reach every instance through Redis pub/sub
                        .filters(f -> failover(f, services.timeline()))
                        .metadata(CONNECT_TIMEOUT_ATTR, (int) connect.toMillis())
                        .metadata(RESPONSE_TIMEOUT_ATTR, -1L)
                        .uri(ServiceInstances.balanced("timeline")))
                .route("timeline", r -> api(r.path("/api/v1/timeline/**", "/api/v1/notifications",
                                "/api/v1/notifications/**"),
                        "timeline", services.timeline(), connect, apiTimeout))
                .route("search", r -> api(r.path("/api/v1/search/**", "/api/v1/trends"),
                        "search", services.search(), connect, apiTimeout))
                .route("media-upload", r -> r.method(HttpMethod.POST).and().path("/api/v1/media")
                        // POST only, so no Retry filter: it would keep each 5 MiB image in memory for a second
                        // attempt that POST never gets (ConnectFailover needs no copy: nothing was read)
                        .filters(f -> f.circuitBreaker(c -> c.setName("media"))
                                .filter(new ConnectFailover(services.media().size() - 1)))
                        .metadata(CONNECT_TIMEOUT_ATTR, (int) connect.toMillis())
                        .metadata(RESPONSE_TIMEOUT_ATTR, services.uploadTimeout().toMillis())
                        .uri(ServiceInstances.balanced("media")))
                .route("media", r -> api(r.path("/api/v1/media", "/api/v1/media/**"),
                        "media", services.media(), connect, apiTimeout))
                .build();
    }

    private static Buildable<Route> api(BooleanSpec spec, String service, List<URI> instances,
                                        Duration connectTimeout, long responseTimeoutMs) {
        // the circuit breaker first: it sees one call however many instances the call tried
        return spec.filters(f -> failover(f.circuitBreaker(c -> c.setName(service)), instances))
                .metadata(CONNECT_TIMEOUT_ATTR, (int) connectTimeout.toMillis())
                .metadata(RESPONSE_TIMEOUT_ATTR, responseTimeoutMs)
                .uri(ServiceInstances.balanced(service));
    }

    /** Another instance for what is safe to send again (see the class comment); nothing to do for one instance. */
    private static GatewayFilterSpec failover(GatewayFilterSpec filters, List<URI> instances) {
        if (instances.size() < 2) {
            return filters;
        }
        return filters
                .retry(retry -> retry.setRetries(1)
                        .setMethods(HttpMethod.GET, HttpMethod.HEAD)
                        .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE)
                        .setSeries()
                        // refused, connect timeout, and a connection closed or reset before the answer; not the
                        // response timeout (a TimeoutException)
                        .setExceptions(IOException.class))
                .filter(new ConnectFailover(instances.size() - 1));
    }
}
