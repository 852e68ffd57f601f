package dev.chirp.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Boot 4 renamed many properties and ignores the old names (e.g. server.error.whitelabel.enabled became
 * spring.web.error.whitelabel.enabled): a default under a removed name silently does nothing. Boot's configuration
 * metadata marks such names "deprecated, level error"; none may appear in chirp-defaults.properties.
 */
class ChirpDefaultsTest {

    @Test
    void noDefaultUsesAPropertyNameBootNoLongerReads() throws Exception {
        Map<String, String> removed = new HashMap<>();
        for (String file : new String[] {"META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json"}) {
            for (URL url : Collections.list(getClass().getClassLoader().getResources(file))) {
                try (InputStream in = url.openStream()) {
                    JsonNode properties = JsonMapper.builder().build().readTree(in).path("properties");
                    for (JsonNode p : properties) {
                        JsonNode deprecation = p.path("deprecation");
                        if ("error".equals(deprecation.path("level").asString(""))) {
                            removed.put(p.path("name").asString(), deprecation.path("replacement").asString(""));
                        }
                    }
                }
            }
        }
        assertThat(removed).as("Boot's metadata was read").containsKey("server.error.whitelabel.enabled");

        Properties defaults = new Properties();
        try (InputStream in = new ClassPathResource("chirp-defaults.properties").getInputStream()) {
            defaults.load(in);
        }
        Map<String, String> used = new HashMap<>();
        for (String key : defaults.stringPropertyNames()) {
            if (removed.containsKey(key)) {
                used.put(key, removed.get(key));
            }
        }
        assertThat(used).as("property -> its Boot 4 replacement").isEmpty();
    }
}
