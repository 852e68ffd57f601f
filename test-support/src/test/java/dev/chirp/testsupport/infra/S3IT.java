package dev.chirp.testsupport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.http.Method;
import org.junit.jupiter.api.Test;

/**
 * The local S3 server (s3proxy) stores and returns objects through the MinIO client, honours presigned GET URLs
 * and refuses a tampered one.
 */
class S3IT {

    private final LocalStack stack = LocalStack.get();

    @Test
    void storesObjectsAndHonoursOnlyGenuinePresignedUrls() throws Exception {
        MinioClient minio = MinioClient.builder()
                .endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .region("us-east-1")
                .build();
        String bucket = TestNames.bucket();
        String object = "media/42/hello.txt";
        byte[] bytes = "hello, s3".getBytes(StandardCharsets.UTF_8);

        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        try {
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(object)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("text/plain").build());
            try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(object).build())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }

            String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET).bucket(bucket).object(object).expiry(5, TimeUnit.MINUTES).build());
            // Fetched through the very host:port it was signed for: the signature covers the Host header.
            assertThat(URI.create(url).getAuthority()).isEqualTo(stack.s3Uri().getAuthority());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> genuine = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(genuine.statusCode()).isEqualTo(200);
            assertThat(genuine.body()).isEqualTo(bytes);

            HttpResponse<byte[]> tampered = http.send(HttpRequest.newBuilder(URI.create(tamper(url))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tampered.statusCode()).isEqualTo(403);
        } finally {
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(object).build());
            minio.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        }
        assertThat(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isFalse();
    }

    /** Flips the last hex digit of the signature. */
    private static String tamper(String url) {
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        int last = url.indexOf('&', at) < 0 ? url.length() - 1 : url.indexOf('&', at) - 1;
        char flipped = url.charAt(last) == '0' ? '1' : '0';
        return url.substring(0, last) + flipped + url.substring(last + 1);
    }
}
