package dev.chirp.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;

import javax.imageio.ImageIO;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import io.minio.GetObjectArgs;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Uploads that are accepted: what is stored, what the client sees, and that the links serve the bytes. */
class UploadIT extends MediaServiceIT {

    private static final long OWNER = 1001;

    @Test
    void jpegIsStoredWithoutItsGpsDataAndServedThroughTheRedirect() throws IOException {
        byte[] upload = TestImages.jpegWithGps(1200, 800);
        Stored before = stored();

        TestHttp.Response response = upload(new Multipart().file("file", "holiday.jpg", "image/jpeg", upload),
                TestTokens.bearer(OWNER));

        assertThat(response.status()).isEqualTo(201);
        JsonNode media = response.json();
        String id = media.get("id").asString();
        assertThat(response.header("Location")).hasValue("/api/v1/media/" + id);
        assertThat(media.get("type").asString()).isEqualTo("image");
        assertThat(media.get("content_type").asString()).isEqualTo("image/jpeg");
        assertThat(media.get("width").asInt()).isEqualTo(1200);
        assertThat(media.get("height").asInt()).isEqualTo(800);
        assertThat(media.get("url").asString()).isEqualTo(PUBLIC_BASE + "/api/v1/media/" + id + "/content");
        assertThat(media.get("thumbnail_url").asString())
                .isEqualTo(PUBLIC_BASE + "/api/v1/media/" + id + "/thumbnail");
        assertThat(stored()).isEqualTo(new Stored(before.objects() + 2, before.rows() + 1));

        Row row = cassandra.execute("SELECT owner_id, object_key, thumbnail_key FROM media_by_id WHERE id = ?",
                Long.parseLong(id)).one();
        assertThat(row.getLong("owner_id")).isEqualTo(OWNER);
        assertThat(row.getString("object_key")).doesNotContain("holiday").matches("image/" + id + "/[0-9a-f]{32}");
        byte[] object = object(row.getString("object_key"));
        assertThat(media.get("size_bytes").asLong()).isEqualTo(object.length);
        assertThat(TestImages.jpegMarkers(object)).doesNotContain(0xE1, 0xE2, 0xED, 0xFE);
        assertThat(TestImages.contains(object, "Exif")).isFalse();
        assertThat(TestImages.contains(object, TestImages.GPS_MARKER)).isFalse();

        assertThat(followRedirect("/api/v1/media/" + id + "/content")).isEqualTo(object);
        BufferedImage thumbnail = decode(followRedirect("/api/v1/media/" + id + "/thumbnail"));
        assertThat(thumbnail.getWidth()).isEqualTo(400);
        assertThat(thumbnail.getHeight()).isEqualTo(267);
        assertThat(object(row.getString("thumbnail_key"))).isNotEmpty();
    }

    @Test
    void pngStaysPngAndItsThumbnailFitsTheLongerSide() throws IOException {
        TestHttp.Response response = upload(new Multipart().file("file", "x.bin", "application/octet-stream",
                TestImages.png(500, 1000)), TestTokens.bearer(OWNER));

        assertThat(response.status()).isEqualTo(201);
        JsonNode media = response.json();
        assertThat(media.get("content_type").asString()).isEqualTo("image/png");
        assertThat(media.get("width").asInt()).isEqualTo(500);
        assertThat(media.get("height").asInt()).isEqualTo(1000);
        String id = media.get("id").asString();
        byte[] image = followRedirect("/api/v1/media/" + id + "/content");
        assertThat(image).hasSize(media.get("size_bytes").asInt());
        assertThat(decode(image).getColorModel().hasAlpha()).isTrue();
        BufferedImage thumbnail = decode(followRedirect("/api/v1/media/" + id + "/thumbnail"));
        assertThat(thumbnail.getWidth()).isEqualTo(200);
        assertThat(thumbnail.getHeight()).isEqualTo(400);
    }

    @Test
    void gifBecomesItsFirstFrameAsPng() throws IOException {
        TestHttp.Response response = upload(new Multipart().file("file", "cat.gif", "image/gif",
                TestImages.gif(900, 300)), TestTokens.bearer(OWNER));

        assertThat(response.status()).isEqualTo(201);
        JsonNode media = response.json();
        assertThat(media.get("content_type").asString()).isEqualTo("image/png");
        String id = media.get("id").asString();
        byte[] image = followRedirect("/api/v1/media/" + id + "/content");
        assertThat(Arrays.copyOf(image, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(decode(image).getWidth()).isEqualTo(900);
        BufferedImage thumbnail = decode(followRedirect("/api/v1/media/" + id + "/thumbnail"));
        assertThat(thumbnail.getWidth()).isEqualTo(400);
        assertThat(thumbnail.getHeight()).isEqualTo(133);
    }

    @Test
    void exactlyFiveMebibytesIsAccepted() {
        byte[] png = TestImages.png(64, 64);
        // Bytes after IEND are ignored by decoders and dropped by the re-encoding.
        byte[] upload = Arrays.copyOf(png, 5 * 1024 * 1024);

        TestHttp.Response response = upload(new Multipart().file("file", "big.png", "image/png", upload),
                TestTokens.bearer(OWNER));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("size_bytes").asLong()).isLessThan(png.length * 4L);
    }

    @Test
    void theMetadataIsPublic() {
        TestHttp.Response created = upload(new Multipart().file("file", "a.jpg", "image/jpeg",
                TestImages.jpeg(40, 30)), TestTokens.bearer(OWNER));
        JsonNode media = created.json();

        TestHttp.Response read = get("/api/v1/media/" + media.get("id").asString());

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(media);
    }

    private byte[] followRedirect(String path) {
        TestHttp.Response redirect = get(path);
        assertThat(redirect.status()).isEqualTo(302);
        URI target = URI.create(redirect.header("Location").orElseThrow());
        assertThat(target.getAuthority()).isEqualTo(STACK.s3Uri().getAuthority());
        assertThat(target.getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=600");
        TestHttp.Response object = http.send(HttpRequest.newBuilder(target).GET());
        assertThat(object.status()).isEqualTo(200);
        return object.bytes();
    }

    private byte[] object(String key) {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BufferedImage decode(byte[] image) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(image));
    }
}
