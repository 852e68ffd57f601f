package dev.chirp.bench.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.awt.image.BufferedImage;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class LargeJpegTest {

    @Test
    void isAJpegOfTheAskedSizeWithinTheToleranceAndTheSameEveryTime() throws IOException {
        LargeJpeg jpeg = LargeJpeg.make(1_000_000, 0.05);
        assertThat(jpeg.bytes().length).isBetween(950_000, 1_050_000);
        assertThat(jpeg.bytes()[0]).isEqualTo((byte) 0xFF);
        assertThat(jpeg.bytes()[1]).isEqualTo((byte) 0xD8);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg.bytes()));
        assertThat(decoded.getWidth()).isEqualTo(jpeg.width());
        assertThat(decoded.getHeight()).isEqualTo(jpeg.height());
        assertThat(LargeJpeg.make(1_000_000, 0.05).bytes()).isEqualTo(jpeg.bytes());
    }
}
