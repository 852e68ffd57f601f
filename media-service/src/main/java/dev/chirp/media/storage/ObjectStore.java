package dev.chirp.media.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.chirp.shared.error.ApiException;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The image bytes in one S3 bucket. The service starts whether or not S3 is reachable: the bucket is made at
 * startup when possible, otherwise by the first upload that finds S3 back; while S3 is away uploads answer 503
 * (quickly: short client timeouts) and reads of metadata keep working.
 */
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final MinioClient client;
    private final MinioClient signer;
    private final String bucket;
    private final Duration linkLifetime;
    private final AtomicBoolean bucketReady = new AtomicBoolean();

    ObjectStore(MinioClient client, MinioClient signer, String bucket, Duration linkLifetime) {
        this.client = client;
        this.signer = signer;
        this.bucket = bucket;
        this.linkLifetime = linkLifetime;
    }

    @EventListener(ApplicationReadyEvent.class)
    void prepareBucketAtStartup() {
        try {
            ensureBucket();
        } catch (ApiException e) {
            log.warn("S3 is not reachable at startup; bucket {} will be created by the first upload", bucket);
        }
    }

    /**
     * Stores a file under {@code key}; 503 when S3 is unavailable. A connection that breaks before any answer is
     * tried once more on a fresh one: the pool's short idle lifetime makes that rare, not impossible (the server
     * may close a connection at the moment it is reused), and putting the same bytes under the same key twice is
     * harmless. A refusal by S3 is not retried.
     */
    public void put(String key, Path file, String contentType) {
        ensureBucket();
        try {
            try {
                putOnce(key, file, contentType);
            } catch (IOException e) {
                if (!brokeMidExchange(e)) {
                    throw e;
                }
                log.info("S3 connection broke while storing {} ({}); trying once more", key,
                        e.toString());
                putOnce(key, file, contentType);
            }
        } catch (Exception e) {
            throw unavailable("store " + key, e);
        }
    }

    /** Not a refused or timed-out connection: those mean S3 is away, and a second try would only double the wait. */
    private static boolean brokeMidExchange(IOException e) {
        return !(e instanceof ConnectException) && !(e instanceof SocketTimeoutException);
    }

    private void putOnce(String key, Path file, String contentType) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, Files.size(file), -1)
                    .contentType(contentType)
                    .build());
        }
    }

    /** Every object in the bucket, page by page; fails when S3 is unavailable. */
    public void forEachObject(Consumer<StoredObject> action) throws Exception {
        for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true)
                .build())) {
            Item item = result.get();
            action.accept(new StoredObject(item.objectName(), item.lastModified().toInstant()));
        }
    }

    /** Best effort: what cannot be deleted now stays as an orphan object, for the sweeper. */
    public void deleteQuietly(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            log.warn("Could not delete object {} from bucket {}; it stays as an orphan", key, bucket, e);
        }
    }

    /** A GET URL for {@code key} that works without credentials until the link lifetime ends. */
    public String presignedGet(String key) {
        try {
            return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET).bucket(bucket).object(key)
                    .expiry((int) linkLifetime.toSeconds(), TimeUnit.SECONDS)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException("presigning needs no network call; this is a configuration error", e);
        }
    }

    public Duration linkLifetime() {
        return linkLifetime;
    }

    private void ensureBucket() {
        if (bucketReady.get()) {
            return;
        }
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                log.info("Created bucket {}", bucket);
            }
            bucketReady.set(true);
        } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                throw unavailable("create bucket " + bucket, e);
            }
            bucketReady.set(true);
        } catch (Exception e) {
            throw unavailable("create bucket " + bucket, e);
        }
    }

    private ApiException unavailable(String action, Exception e) {
        if (e instanceof ErrorResponseException error && "NoSuchBucket".equals(error.errorResponse().code())) {
            bucketReady.set(false);
        }
        log.warn("S3 call failed ({}): {}", action, e.toString());
        return ApiException.unavailable("The image store is unavailable; try again shortly.");
    }
}
