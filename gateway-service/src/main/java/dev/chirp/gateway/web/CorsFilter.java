package dev.chirp.gateway.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/** Browser access from the configured origins; answers preflights itself so they never reach a service. */
@Component
class CorsFilter extends CorsWebFilter implements Ordered {

    CorsFilter(CorsProperties properties) {
        super(source(properties));
    }

    private static UrlBasedCorsConfigurationSource source(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"));
        cors.setExposedHeaders(List.of("Location", "Retry-After", "X-Request-Id", "X-RateLimit-Limit",
                "X-RateLimit-Remaining", "Chirp-Degraded"));
        cors.setMaxAge(properties.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.CORS;
    }
}
