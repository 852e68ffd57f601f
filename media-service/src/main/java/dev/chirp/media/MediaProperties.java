package dev.chirp.media;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * media-service's own settings (README.md has the table with environment variables).
 *
 * @param publicBaseUrl        where clients reach this service's public API (the gateway); {@code url} and
 *                             {@code thumbnail_url} are built from it
 * @param maxUploadSize        the largest accepted upload, exactly (docs/03-api.md: 5 MiB); Boot's multipart limits in
 *                             application.yml sit slightly above it so that this check is the one that answers
 * @param maxDimension         the largest accepted width and height, read from the header before decoding
 * @param maxPixels            the largest accepted width × height
 * @param decodeMemoryPercent  the share of the maximum heap (-Xmx) that all decodes in flight may take together; an
 *                             image whose decode needs more than all of it is decoded at a fraction of its size, or
 *                             refused when even that cannot fit (README: "Decoding memory")
 * @param decodeWait           how long an upload waits for its decode memory before it is answered 503
 * @param thumbnailSize        the longer side of a thumbnail, in pixels
 * @param jpegQuality          quality of re-encoded JPEGs, 0..1
 * @param linkLifetime         how long a presigned S3 URL stays valid
 * @param sweepInterval        how often objects without a row (left by a crash mid-upload) are looked for
 * @param orphanAge            how old an object without a row must be before it is deleted; far above any upload
 * @param sweepLookback        how far back beyond {@code orphanAge} each sweep looks; above the interval
 * @param s3                   the object store
 */
@ConfigurationProperties("chirp.media")
public record MediaProperties(
        @DefaultValue("http://127.0.0.1:8080") String publicBaseUrl,
        @DefaultValue("5MB") DataSize maxUploadSize,
        @DefaultValue("8192") int maxDimension,
        @DefaultValue("67108864") long maxPixels,
        @DefaultValue("25") int decodeMemoryPercent,
        @DefaultValue("10s") Duration decodeWait,
        @DefaultValue("400") int thumbnailSize,
        @DefaultValue("0.85") float jpegQuality,
        @DefaultValue("10m") Duration linkLifetime,
        @DefaultValue("1h") Duration sweepInterval,
        @DefaultValue("1h") Duration orphanAge,
        @DefaultValue("24h") Duration sweepLookback,
        @DefaultValue S3 s3) {

    /**
     * @param endpoint       where this service talks to S3
     * @param publicEndpoint the S3 address clients can reach; presigned URLs are signed for it (the signature
     *                       covers the host), defaults to {@code endpoint}
     * @param region         the region to sign for; set so that presigning needs no call to S3
     * @param bucket         created at startup (or at the first upload, when S3 was away at startup)
     * @param connectTimeout short, so that an upload fails fast with 503 while S3 is down
     * @param ioTimeout      read and write timeout of one S3 call
     * @param idleConnectionLifetime how long an unused connection to S3 stays in the pool: below the server's
     *                       idle timeout (s3proxy sets none, so its Jetty's default of 30 s applies), so that a
     *                       request is not sent down a connection the server is closing at that moment
     */
    public record S3(
            @DefaultValue("http://127.0.0.1:9000") String endpoint,
            String publicEndpoint,
            @DefaultValue("chirp-local") String accessKey,
            @DefaultValue("chirp-local-secret") String secretKey,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("chirp-media") String bucket,
            @DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("10s") Duration ioTimeout,
            @DefaultValue("15s") Duration idleConnectionLifetime) {

        public String presignEndpoint() {
            return publicEndpoint == null || publicEndpoint.isBlank() ? endpoint : publicEndpoint;
        }
    }
}
