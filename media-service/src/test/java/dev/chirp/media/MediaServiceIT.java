package dev.chirp.media;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of media-service's integration tests on the shared local servers: all of them share this one Spring
 * context (same class, same properties), so the suite starts the service once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {MediaServiceApplication.class, MediaITBase.RunCleanup.class})
public abstract class MediaServiceIT extends MediaITBase {

    @DynamicPropertySource
    static void localServers(DynamicPropertyRegistry registry) {
        isolate(registry, STACK::s3Endpoint, STACK::s3AccessKey, STACK::s3SecretKey);
    }
}
