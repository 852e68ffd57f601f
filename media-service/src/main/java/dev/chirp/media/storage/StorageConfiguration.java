package dev.chirp.media.storage;

import dev.chirp.media.MediaProperties;
import io.minio.MinioClient;
import io.minio.http.HttpUtils;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    static final String PLACEHOLDER_MARKER = "CHANGE-ME";

    @Bean
    ObjectStore objectStore(MediaProperties properties) {
        MediaProperties.S3 s3 = properties.s3();
        refusePlaceholderCredentials(s3);
        MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .httpClient(httpClient(s3), true)
                .build();
        // Presigning is local computation (the region is given), but the URL must name the host clients use.
        MinioClient signer = MinioClient.builder()
                .endpoint(s3.presignEndpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .build();
        return new ObjectStore(client, signer, s3.bucket(), properties.linkLifetime());
    }

    /**
     * minio's default client with our timeouts, and a pool that drops a connection after {@code
     * idle-connection-lifetime} unused instead of okhttp's five minutes: servers close idle connections sooner
     * (s3proxy after 30 s), and a request sent just as they do fails with "unexpected end of stream".
     */
    static OkHttpClient httpClient(MediaProperties.S3 s3) {
        return HttpUtils.newDefaultHttpClient(s3.connectTimeout().toMillis(), s3.ioTimeout().toMillis(),
                        s3.ioTimeout().toMillis())
                .newBuilder()
                .connectionPool(new ConnectionPool(5, s3.idleConnectionLifetime().toMillis(), TimeUnit.MILLISECONDS))
                .build();
    }

    /**
     * The committed Kubernetes and Compose secrets hold placeholders that start with {@value #PLACEHOLDER_MARKER}, so
     * that the manifests build offline. A deployment that forgot its private overlay would otherwise run with keys
     * that are public in git; like user-service with the placeholder JWT key, the service refuses to start instead.
     * The local keys of ./chirp (chirp-local) carry no marker and keep working.
     */
    static void refusePlaceholderCredentials(MediaProperties.S3 s3) {
        if (isPlaceholder(s3.accessKey())) {
            throw new IllegalStateException("CHIRP_MEDIA_S3_ACCESS_KEY is the committed placeholder (" + PLACEHOLDER_MARKER
                    + "...): give media-service its own S3 key (deploy/README.md, Secrets)");
        }
        if (isPlaceholder(s3.secretKey())) {
            // The value itself is not logged: only whether it is the placeholder.
            throw new IllegalStateException("CHIRP_MEDIA_S3_SECRET_KEY is the committed placeholder (" + PLACEHOLDER_MARKER
                    + "...): give media-service its own S3 key (deploy/README.md, Secrets)");
        }
    }

    private static boolean isPlaceholder(String value) {
        return value != null && value.startsWith(PLACEHOLDER_MARKER);
    }
}
