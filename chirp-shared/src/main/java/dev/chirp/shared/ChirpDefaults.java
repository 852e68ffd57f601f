package dev.chirp.shared;

import java.io.IOException;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds {@code chirp-defaults.properties} (operations endpoints, local server addresses, JSON logs, Kafka
 * timeouts) beneath everything else, so each service's application.yml stays about what is its own, and any
 * value can still be overridden by the service's file or an environment variable.
 */
public class ChirpDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            Properties defaults = PropertiesLoaderUtils.loadProperties(
                    new ClassPathResource("chirp-defaults.properties"));
            environment.getPropertySources().addLast(new PropertiesPropertySource("chirpDefaults", defaults));
        } catch (IOException e) {
            throw new IllegalStateException("chirp-defaults.properties is missing from chirp-shared", e);
        }
    }
}
