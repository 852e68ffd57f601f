package dev.chirp.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import java.net.URI;
import java.time.Duration;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * docs/03-api.md's table, row by row, as routes. Only {@code /api/v1/**} is routed; {@code /internal/**} and everything
 * else matches nothing and ends in a 404 problem. Order matters where two services share a prefix: the tweet
 * lists under {@code /api/v1/users/{id}/} belong to tweet-service and are matched before user-service's
 * {@code /api/v1/users/**}.
 *
 * <p>Each service has its own circuit breaker (named after it), so one failing service fails fast without
 * affecting the others. The live stream has neither a circuit breaker nor a response timeout: it is meant to
 * stay open for hours.
 */
@Configuration(proxyBeanMethods = false)
class PublicRoutes {

    @Bean
    RouteLocator chirpRoutes(RouteLocatorBuilder builder, UpstreamProperties services) {
        long apiTimeout = services.responseTimeout().toMillis();
        return builder.routes()
                .route("tweet-lists-of-user", r -> api(r.path("/api/v1/users/*/tweets", "/api/v1/users/*/likes"),
                        "tweet", services.tweet(), services.connectTimeout(), apiTimeout))
                .route("tweets", r -> api(r.path("/api/v1/tweets", "/api/v1/tweets/**"),
                        "tweet", services.tweet(), services.connectTimeout(), apiTimeout))
                .route("auth", r -> api(r.path("/api/v1/auth/**"),
                        "user", services.user(), services.connectTimeout(), apiTimeout))
                .route("users", r -> api(r.path("/api/v1/users", "/api/v1/users/**"),
                        "user", services.user(), services.connectTimeout(), apiTimeout))
                .route("stream", r -> r.path("/api/v1/stream")
                        .metadata(CONNECT_TIMEOUT_ATTR, (int) services.connectTimeout().toMillis())
                        .metadata(RESPONSE_TIMEOUT_ATTR, -1L)
                        .uri(services.timeline()))
                .route("timeline", r -> api(r.path("/api/v1/timeline/**", "/api/v1/notifications",
                                "/api/v1/notifications/**"),
                        "timeline", services.timeline(), services.connectTimeout(), apiTimeout))
                .route("search", r -> api(r.path("/api/v1/search/**", "/api/v1/trends"),
                        "search", services.search(), services.connectTimeout(), apiTimeout))
                .route("media-upload", r -> api(r.method(HttpMethod.POST).and().path("/api/v1/media"),
                        "media", services.media(), services.connectTimeout(), services.uploadTimeout().toMillis()))
                .route("media", r -> api(r.path("/api/v1/media", "/api/v1/media/**"),
                        "media", services.media(), services.connectTimeout(), apiTimeout))
                .build();
    }

    private static Buildable<Route> api(BooleanSpec spec,
                                        String service, URI uri, Duration connectTimeout, long responseTimeoutMs) {
        return spec.filters(f -> f.circuitBreaker(c -> c.setName(service)))
                .metadata(CONNECT_TIMEOUT_ATTR, (int) connectTimeout.toMillis())
                .metadata(RESPONSE_TIMEOUT_ATTR, responseTimeoutMs)
                .uri(uri);
    }
}
