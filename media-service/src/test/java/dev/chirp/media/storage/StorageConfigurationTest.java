package dev.chirp.media.storage;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.chirp.media.MediaProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorageConfigurationTest {

    @Test
    void theCommittedPlaceholderKeysRefuseToStart() {
        // The values of k8s/base/secrets/s3.env: a deployment that forgot its private overlay must not come up.
        assertThatIllegalStateException()
                .isThrownBy(() -> StorageConfiguration.refusePlaceholderCredentials(
                        s3("CHANGE-ME-chirp-s3-access-key", "CHANGE-ME-chirp-s3-secret-key-at-least-8-chars")))
                .withMessageContaining("CHIRP_MEDIA_S3_ACCESS_KEY")
                .withMessageNotContaining("at-least-8-chars");
        assertThatIllegalStateException()
                .isThrownBy(() -> StorageConfiguration.refusePlaceholderCredentials(
                        s3("a-real-key", "CHANGE-ME-chirp-s3-secret-key-at-least-8-chars")))
                .withMessageContaining("CHIRP_MEDIA_S3_SECRET_KEY");
    }

    @Test
    void theLocalKeysOfChirpAndRealKeysStart() {
        assertThatCode(() -> StorageConfiguration.refusePlaceholderCredentials(s3("chirp-local", "chirp-local-secret")))
                .doesNotThrowAnyException();
        assertThatCode(() -> StorageConfiguration.refusePlaceholderCredentials(
                s3("chirp-media", "3f9c0a6e1d2b4c8e9f7a6b5c4d3e2f1a"))).doesNotThrowAnyException();
    }

    private static MediaProperties.S3 s3(String accessKey, String secretKey) {
        return new MediaProperties.S3("http://127.0.0.1:9000", null, accessKey, secretKey, "us-east-1",
                "chirp-media", Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(15));
    }
}
