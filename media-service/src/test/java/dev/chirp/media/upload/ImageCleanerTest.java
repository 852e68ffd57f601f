package dev.chirp.media.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import javax.imageio.ImageIO;

import dev.chirp.media.MediaProperties;
import dev.chirp.media.TestImages;
import dev.chirp.shared.error.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class ImageCleanerTest {

    @TempDir
    Path dir;

    private static final MediaProperties PROPERTIES = new MediaProperties("http://127.0.0.1:8080",
            DataSize.ofMegabytes(5), 8192, 8192L * 8192, 40, Duration.ofSeconds(1), 400, 0.85f,
            Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24),
            new MediaProperties.S3("http://127.0.0.1:9000", null, "a", "b", "us-east-1",
            "bucket", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(15)));

    private final ImageCleaner cleaner = new ImageCleaner(PROPERTIES, new DecodeBudget(PROPERTIES),
            new SimpleMeterRegistry());

    @Test
    void jpegLosesItsExifAndGpsAndGetsAThumbnail() throws IOException {
        byte[] upload = TestImages.jpegWithGps(1200, 800);
        assertThat(TestImages.jpegMarkers(upload)).contains(0xE1);
        assertThat(TestImages.contains(upload, TestImages.GPS_MARKER)).isTrue();

        ImageCleaner.Cleaned cleaned = clean(upload, ImageFormat.JPEG);

        byte[] stored = Files.readAllBytes(dir.resolve("image"));
        assertThat(cleaned.width()).isEqualTo(1200);
        assertThat(cleaned.height()).isEqualTo(800);
        assertThat(cleaned.sizeBytes()).isEqualTo(stored.length);
        assertThat(TestImages.jpegMarkers(stored)).doesNotContain(0xE1, 0xE2, 0xED, 0xFE);
        assertThat(TestImages.contains(stored, "Exif")).isFalse();
        assertThat(TestImages.contains(stored, TestImages.GPS_MARKER)).isFalse();
        BufferedImage thumbnail = ImageIO.read(dir.resolve("thumbnail").toFile());
        assertThat(thumbnail.getWidth()).isEqualTo(400);
        assertThat(thumbnail.getHeight()).isEqualTo(267);
    }

    @Test
    void tallPngKeepsItsAlphaAndShrinksOnItsLongerSide() throws IOException {
        ImageCleaner.Cleaned cleaned = clean(TestImages.png(300, 900), ImageFormat.PNG);

        BufferedImage stored = ImageIO.read(dir.resolve("image").toFile());
        assertThat(stored.getColorModel().hasAlpha()).isTrue();
        assertThat(cleaned.width()).isEqualTo(300);
        BufferedImage thumbnail = ImageIO.read(dir.resolve("thumbnail").toFile());
        assertThat(thumbnail.getHeight()).isEqualTo(400);
        assertThat(thumbnail.getWidth()).isEqualTo(133);
    }

    @Test
    void smallImagesAreNeverEnlarged() throws IOException {
        clean(TestImages.gif(120, 60), ImageFormat.GIF);

        byte[] stored = Files.readAllBytes(dir.resolve("image"));
        assertThat(Arrays.copyOf(stored, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        BufferedImage thumbnail = ImageIO.read(dir.resolve("thumbnail").toFile());
        assertThat(thumbnail.getWidth()).isEqualTo(120);
        assertThat(thumbnail.getHeight()).isEqualTo(60);
    }

    @Test
    void aTinyPngDeclaring30000By30000PixelsIsRefusedBeforeDecoding() throws IOException {
        byte[] bomb = TestImages.pngDeclaring(30000, 30000);
        assertThat(bomb.length).isLessThan(100);

        assertRefused(bomb, ImageFormat.PNG, HttpStatus.BAD_REQUEST);
        assertThat(dir.resolve("image")).doesNotExist();
    }

    @Test
    void oneSideOverTheLimitIsEnough() throws IOException {
        assertRefused(TestImages.pngDeclaring(8193, 1), ImageFormat.PNG, HttpStatus.BAD_REQUEST);
        assertRefused(TestImages.pngDeclaring(1, 8193), ImageFormat.PNG, HttpStatus.BAD_REQUEST);
    }

    @Test
    void theLimitItselfIsAccepted() {
        cleaner.refuseOversized(8192, 8192);
        assertThatThrownBy(() -> cleaner.refuseOversized(8192, 8193)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> cleaner.refuseOversized(0, 10)).isInstanceOf(ApiException.class);
    }

    @Test
    void truncatedImagesAreRefused() throws IOException {
        byte[] jpeg = TestImages.jpeg(640, 480);
        assertRefused(Arrays.copyOf(jpeg, jpeg.length / 2), ImageFormat.JPEG, HttpStatus.BAD_REQUEST);
        assertRefused(Arrays.copyOf(jpeg, 40), ImageFormat.JPEG, HttpStatus.BAD_REQUEST);
        byte[] png = TestImages.png(640, 480);
        assertRefused(Arrays.copyOf(png, png.length / 2), ImageFormat.PNG, HttpStatus.BAD_REQUEST);
        byte[] gif = TestImages.gif(640, 480);
        assertRefused(Arrays.copyOf(gif, gif.length / 2), ImageFormat.GIF, HttpStatus.BAD_REQUEST);
    }

    @Test
    void theStoredImageStillShowsThePicture() throws IOException {
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(TestImages.png(64, 64)));
        clean(TestImages.png(64, 64), ImageFormat.PNG);

        BufferedImage stored = ImageIO.read(dir.resolve("image").toFile());
        assertThat(stored.getRGB(32, 32)).isEqualTo(original.getRGB(32, 32));
        assertThat(stored.getRGB(1, 1)).isEqualTo(original.getRGB(1, 1));
    }

    private ImageCleaner.Cleaned clean(byte[] upload, ImageFormat format) throws IOException {
        Path file = dir.resolve("upload");
        Files.write(file, upload);
        return cleaner.clean(file, format, dir.resolve("image"), dir.resolve("thumbnail"));
    }

    private void assertRefused(byte[] upload, ImageFormat format, HttpStatus status) {
        assertThatThrownBy(() -> clean(upload, format)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(status));
    }
}
