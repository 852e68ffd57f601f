package dev.chirp.media;

import java.time.Duration;
import java.util.function.Supplier;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What media-service's integration tests share: a fresh keyspace and bucket per run (dropped when the run ends),
 * test tokens, and HTTP helpers. {@link MediaServiceIT} runs on the shared local S3; the outage test on its own.
 */
public abstract class MediaITBase {

    protected static final String PUBLIC_BASE = "http://chirp.example";
    protected static final LocalStack STACK = LocalStack.get();
    private static final String KEYSPACE = TestNames.keyspace("media");
    private static final String BUCKET = TestNames.bucket();

    @LocalServerPort
    protected int port;
    /** Calls to the service under test; {@code send} also reaches the S3 URL a redirect names. */
    protected TestHttp http;
    @Autowired
    protected CqlSession cassandra;
    @Autowired
    protected MinioClient s3;
    @Value("${chirp.media.s3.bucket}")
    protected String bucket;

    /** The run's keyspace and bucket, test tokens, and the S3 server to use (endpoint, access key, secret key). */
    static void isolate(DynamicPropertyRegistry registry, Supplier<Object> s3Endpoint, Supplier<Object> s3AccessKey,
                        Supplier<Object> s3SecretKey) {
        registry.add("chirp.cassandra.keyspace", () -> KEYSPACE);
        registry.add("spring.cassandra.contact-points", STACK::cassandraContactPoint);
        registry.add("spring.cassandra.local-datacenter", STACK::cassandraDatacenter);
        registry.add("chirp.security.jwks", TestTokens::jwks);
        registry.add(TestServiceTokens.PROPERTY, TestServiceTokens::secret);
        registry.add("chirp.media.public-base-url", () -> PUBLIC_BASE);
        registry.add("chirp.media.s3.endpoint", s3Endpoint);
        registry.add("chirp.media.s3.access-key", s3AccessKey);
        registry.add("chirp.media.s3.secret-key", s3SecretKey);
        registry.add("chirp.media.s3.bucket", () -> BUCKET);
        // The tests' count(*) checks of "nothing stored" would each log a server warning.
        registry.add("logging.level.com.datastax.oss.driver.internal.core.cql.CqlRequestHandler", () -> "error");
    }

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    /** @param authorization the whole header value, or null for none */
    protected TestHttp.Response upload(Multipart body, String authorization) {
        return http.post("/api/v1/media", body.contentType(), body.bytes(), authorization);
    }

    protected TestHttp.Response get(String path) {
        return http.get(path, null);
    }

    /** A GET of an internal endpoint as a sibling service makes it: with the service credential. */
    protected TestHttp.Response getInternal(String path) {
        return http.getInternal(path);
    }

    protected TestHttp.Response getInternal(String path, String serviceToken) {
        return http.getInternal(path, serviceToken);
    }

    /** What is stored: objects in the bucket and rows in the catalogue. */
    protected record Stored(long objects, long rows) {
    }

    protected Stored stored() {
        long objects = 0;
        for (Result<Item> ignored : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            objects++;
        }
        long rows = cassandra.execute("SELECT count(*) FROM media_by_id").one().getLong(0);
        return new Stored(objects, rows);
    }

    /** A plain client on the test's S3, and the removal of the run's keyspace and bucket at the very end. */
    @TestConfiguration(proxyBeanMethods = false)
    static class RunCleanup {

        @Bean
        MinioClient testS3Client(@Value("${chirp.media.s3.endpoint}") String endpoint,
                                 @Value("${chirp.media.s3.access-key}") String accessKey,
                                 @Value("${chirp.media.s3.secret-key}") String secretKey) {
            return MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
                    .region("us-east-1").build();
        }

        @Bean
        DisposableBean dropKeyspaceAndBucket(CqlSession cassandra, MinioClient testS3Client,
                                             @Value("${chirp.cassandra.keyspace}") String keyspace,
                                             @Value("${chirp.media.s3.bucket}") String bucket) {
            // S3 first: it is quick, and the JVM may not wait long for a slow schema change at exit.
            return () -> {
                try {
                    for (Result<Item> item : testS3Client.listObjects(
                            ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                        testS3Client.removeObject(RemoveObjectArgs.builder().bucket(bucket)
                                .object(item.get().objectName()).build());
                    }
                    testS3Client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
                } catch (Exception e) {
                    // The outage test's private S3 is gone by now, and its folder with it.
                    System.err.println("Could not remove test bucket " + bucket + ": " + e);
                }
                cassandra.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
                        .setTimeout(Duration.ofSeconds(30)));
            };
        }
    }
}
