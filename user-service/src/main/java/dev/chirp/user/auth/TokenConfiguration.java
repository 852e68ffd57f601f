package dev.chirp.user.auth;

import dev.chirp.shared.security.JwtDecoders;
import dev.chirp.user.UserProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** user-service verifies tokens with its own keys, not by fetching its own JWKS over HTTP. */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys) {
        return JwtDecoders.withChirpValidators(JwtDecoders.fromJwkSet(keys.publicKeys().toString()));
    }

    @Bean
    PasswordEncoder passwordEncoder(UserProperties properties) {
        return PasswordHashing.encoder(properties.bcryptStrength());
    }
}
