package dev.chirp.gateway.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import com.nimbusds.jose.jwk.JWKSet;
import dev.chirp.shared.security.KeySetRefreshPolicy;
import dev.chirp.shared.security.VerifiedTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The token verifier: RS256 only (so {@code alg: none} and HMAC-with-the-public-key fail), keys from
 * user-service's JWKS ({@link KeySetCache}: cached, fetched again when a token names an unknown key ID, at most once
 * per interval, kept through user-service outages up to a bound), {@code exp} required and in the future, {@code sub} present.
 */
@Configuration(proxyBeanMethods = false)
class TokenVerification {

    @Bean
    ReactiveJwtDecoder jwtDecoder(AuthProperties properties, MeterRegistry meters) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.jwksTimeout().toMillis())
                .responseTimeout(properties.jwksTimeout());
        KeySetRefreshPolicy<JWKSet> policy = new KeySetRefreshPolicy<>(properties.jwksMaxAge(),
                properties.jwksStaleIfError(), properties.jwksRefetchInterval(), System::nanoTime);
        policy.bindTo(meters);
        KeySetCache keys = new KeySetCache(WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .build(), properties.jwksUri(), properties.jwksTimeout(), properties.jwksRefetchInterval(), policy);
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys::keysFor)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(),
                new JwtClaimValidator<Instant>("exp", Objects::nonNull),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank())));
        VerifiedTokens verified = new VerifiedTokens(properties.verifiedTokens().maxSize(),
                properties.verifiedTokens().maxAge(), Clock.systemUTC());
        return token -> {
            Jwt known = verified.get(token);
            return known != null ? Mono.just(known) : decoder.decode(token).doOnNext(jwt -> verified.put(token, jwt));
        };
    }

    /**
     * Spring Security only contributes its response headers here: who may call what is decided by the gateway's
     * own filters ({@link TokenFilter} before the rate limiter, {@link AccessFilter} on routed requests), so that
     * refusals carry rate-limit headers and unknown paths stay 404. No sessions, no login forms, no CSRF (bearer
     * tokens only).
     */
    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
                .build();
    }
}
