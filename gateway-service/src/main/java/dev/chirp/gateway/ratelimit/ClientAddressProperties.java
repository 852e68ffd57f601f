package dev.chirp.gateway.ratelimit;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param trustedProxies address blocks (CIDR, e.g. {@code 10.0.0.0/8}) of the proxies in front of the gateway whose
 *                       {@code X-Forwarded-For} names the client ({@link ClientAddress}); empty: every caller is
 *                       its TCP peer. Env: {@code CHIRP_GATEWAY_TRUSTEDPROXIES} (comma-separated)
 */
@ConfigurationProperties("chirp.gateway")
public record ClientAddressProperties(@DefaultValue List<String> trustedProxies) {
}
