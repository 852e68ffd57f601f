package dev.chirp.media.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.chirp.media.MediaProperties;
import dev.chirp.testsupport.CuttableProxy;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The object store against the shared local S3, reached through a proxy that can break a connection: a pooled
 * connection the server closes just as an upload is sent on it (seen in CI as "unexpected end of stream") costs
 * one more try, not a 503.
 */
class ObjectStoreIT {

    private static final LocalStack STACK = LocalStack.get();

    private final String bucket = TestNames.bucket();
    private final CuttableProxy proxy = CuttableProxy.to(STACK.s3Uri().getHost(), STACK.s3Uri().getPort());
    private final MinioClient direct = MinioClient.builder().endpoint(STACK.s3Endpoint())
            .credentials(STACK.s3AccessKey(), STACK.s3SecretKey()).region("us-east-1").build();

    @TempDir
    Path dir;

    @Test
    void anUploadWhoseReusedConnectionBreaksIsSentAgainOnAFreshOne() throws Exception {
        ObjectStore store = storeThroughProxy();
        Path first = file("first", "the first image");
        Path second = file("second", "the second image");
        store.put("images/first", first, "image/png");

        proxy.dropNextRequest();
        store.put("images/second", second, "image/png");

        assertThat(read("images/first")).isEqualTo("the first image");
        assertThat(read("images/second")).isEqualTo("the second image");
    }

    @AfterEach
    void removeBucket() throws Exception {
        proxy.close();
        for (Result<Item> item : direct.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true)
                .build())) {
            direct.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(item.get().objectName()).build());
        }
        direct.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
    }

    private ObjectStore storeThroughProxy() {
        URI s3 = STACK.s3Uri();
        MediaProperties.S3 settings = new MediaProperties.S3(s3.getScheme() + "://" + proxy.address(), null,
                STACK.s3AccessKey(), STACK.s3SecretKey(), "us-east-1", bucket, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(15));
        MediaProperties properties = new MediaProperties("http://127.0.0.1:8080", DataSize.ofMegabytes(5), 8192,
                8192L * 8192, 25, Duration.ofSeconds(10), 400, 0.85f, Duration.ofMinutes(10), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofHours(24), settings);
        return new StorageConfiguration().objectStore(properties);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private String read(String key) throws Exception {
        try (var in = direct.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return new String(in.readAllBytes());
        }
    }
}
