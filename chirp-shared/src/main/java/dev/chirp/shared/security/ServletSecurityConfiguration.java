package dev.chirp.shared.security;

import java.time.Clock;
import java.util.List;

import dev.chirp.shared.error.ProblemTypes;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import dev.chirp.shared.web.ProblemWriter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every servlet service verifies tokens itself (docs/05-high-level-design.md): a service reached without the gateway
 * trusts nothing but a valid signature. Operations endpoints and the OpenAPI document need no token.
 * {@code /internal/**} (never routed by the gateway) needs no user token but a service credential instead
 * ({@link ServiceToken}): being able to reach a service port is not enough to read what only services may see.
 * Every {@code RestClient.Builder} that Boot hands out signs the calls it makes to {@code /internal/**}.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class})
@EnableConfigurationProperties(SecurityProperties.class)
public class ServletSecurityConfiguration {

    // /internal/** needs no user token: InternalCallFilter requires the service credential there instead.
    private static final String[] OPEN = {"/actuator/**", "/v3/api-docs/**", "/internal/**", "/.well-known/**",
            "/error"};

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<MeterRegistry> meters) {
        VerifiedTokens verified = new VerifiedTokens(properties.verifiedTokens().maxSize(),
                properties.verifiedTokens().maxAge(), Clock.systemUTC());
        if (JwtDecoders.hasInlineKeys(properties)) {
            return verified.inFrontOf(JwtDecoders.from(properties));
        }
        RemoteKeySet keys = JwtDecoders.remoteKeys(properties, System::nanoTime);
        meters.ifAvailable(keys.policy()::bindTo);
        return verified.inFrontOf(JwtDecoders.withChirpValidators(JwtDecoders.fromKeySource(keys)));
    }

    /** Fails the start when the deployment's secret is missing or a placeholder (see {@link ServiceToken#of}). */
    @Bean
    ServiceToken serviceToken(SecurityProperties properties) {
        return ServiceToken.of(properties.internal().secret(), properties.internal().tokenValidity(),
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain chirpSecurityFilterChain(HttpSecurity http, SecurityProperties properties,
                                                 ProblemWriter problems, ServiceToken serviceToken)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> problems.write(request, response,
                HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "A valid access token is required.");
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(request, response,
                HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "This is not yours to do.");
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers(OPEN).permitAll();
                    for (String entry : properties.publicPaths()) {
                        PublicPath path = PublicPath.parse(entry);
                        if (path.method() == null) {
                            authorize.requestMatchers(path.pattern()).permitAll();
                        } else {
                            authorize.requestMatchers(path.method(), path.pattern()).permitAll();
                        }
                    }
                    authorize.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server.jwt(jwt -> { })
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // Not a bean: Boot would also register a Filter bean with the servlet container, outside the chain
                // and before its firewall.
                .addFilterBefore(new InternalCallFilter(serviceToken, problems),
                        BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    WebMvcConfigurer callerArgumentConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    /** Signs the calls to siblings' {@code /internal/**} of every client built from Boot's builder. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class ServiceCallsConfiguration {

        @Bean
        RestClientCustomizer serviceTokenRestClientCustomizer(ServiceToken serviceToken) {
            return builder -> builder.requestInterceptor(new ServiceTokenInterceptor(serviceToken));
        }
    }

    record PublicPath(@Nullable HttpMethod method, String pattern) {

        static PublicPath parse(String entry) {
            String[] parts = entry.trim().split("\\s+", 2);
            return parts.length == 2 ? new PublicPath(HttpMethod.valueOf(parts[0].toUpperCase()), parts[1])
                    : new PublicPath(null, parts[0]);
        }
    }
}
