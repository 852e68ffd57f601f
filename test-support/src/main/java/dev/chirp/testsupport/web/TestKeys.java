package dev.chirp.testsupport.web;

import java.util.Map;

import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The test signing keys (JWKS) and the service secret, as the properties the services read them from. */
public final class TestKeys implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("chirp-test-keys", Map.of(
                "chirp.security.jwks", TestTokens.jwks(),
                TestServiceTokens.PROPERTY, TestServiceTokens.secret())));
    }
}
