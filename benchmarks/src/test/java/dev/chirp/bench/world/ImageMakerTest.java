package dev.chirp.bench.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ImageMakerTest {

    @Test
    void makesDecodablePngAndJpegOfTheAskedSizeDeterministically() throws IOException {
        System.setProperty("java.awt.headless", "true");
        byte[] png = ImageMaker.photo(1, 320, 240, "@seed_000001", "png");
        byte[] jpg = ImageMaker.photo(1, 320, 240, "@seed_000001", "jpg");
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(jpg).startsWith(0xFF, 0xD8);
        var decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(320);
        assertThat(decoded.getHeight()).isEqualTo(240);
        assertThat(ImageMaker.photo(1, 320, 240, "@seed_000001", "png")).isEqualTo(png);
        assertThat(ImageMaker.photo(2, 320, 240, "@seed_000001", "png")).isNotEqualTo(png);
    }
}
