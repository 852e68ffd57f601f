package dev.chirp.gateway.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedOrigins browser origins allowed to call the API (none by default: same-origin and non-browser
 *                       clients need no CORS); {@code CHIRP_GATEWAY_CORS_ALLOWED_ORIGINS=https://a,https://b}
 * @param maxAge         how long a browser may cache a preflight answer
 */
@ConfigurationProperties("chirp.gateway.cors")
public record CorsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("30m") Duration maxAge) {
}
