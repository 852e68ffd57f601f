package dev.chirp.media.storage;

import dev.chirp.media.MediaProperties;
import io.minio.MinioClient;
import io.minio.http.HttpUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    ObjectStore objectStore(MediaProperties properties) {
        MediaProperties.S3 s3 = properties.s3();
        MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .httpClient(HttpUtils.newDefaultHttpClient(s3.connectTimeout().toMillis(),
                        s3.ioTimeout().toMillis(), s3.ioTimeout().toMillis()), true)
                .build();
        // Presigning is local computation (the region is given), but the URL must name the host clients use.
        MinioClient signer = MinioClient.builder()
                .endpoint(s3.presignEndpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .build();
        return new ObjectStore(client, signer, s3.bucket(), properties.linkLifetime());
    }
}
