package dev.chirp.media.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.chirp.media.TestImages;
import dev.chirp.shared.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class ImageFormatTest {

    @Test
    void recognisesImagesByTheirFirstBytes() {
        assertThat(ImageFormat.sniff(head(TestImages.jpeg(10, 10)))).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(head(TestImages.png(10, 10)))).isEqualTo(ImageFormat.PNG);
        assertThat(ImageFormat.sniff(head(TestImages.gif(10, 10)))).isEqualTo(ImageFormat.GIF);
        assertThat(ImageFormat.sniff("GIF87a......".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ImageFormat.GIF);
    }

    @Test
    void aGifIsStoredAsPng() {
        assertThat(ImageFormat.GIF.storedContentType).isEqualTo("image/png");
        assertThat(ImageFormat.JPEG.storedContentType).isEqualTo("image/jpeg");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "just some text, renamed to .jpg",
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "<!DOCTYPE html><html><body>hi</body></html>",
            "GIF8",
            "\u00ff\u00d8",
            ""})
    void refusesEverythingElseAs415(String content) {
        byte[] head = content.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ImageFormat.sniff(head)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    }

    @Test
    void refusesWebPWithAReason() {
        byte[] webp = "RIFF\u0024\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ImageFormat.sniff(webp)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            assertThat(e.getMessage()).contains("WebP");
        });
    }

    private static byte[] head(byte[] file) {
        return Arrays.copyOf(file, Math.min(file.length, ImageFormat.SNIFF_LENGTH));
    }
}
