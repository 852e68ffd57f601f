package dev.chirp.media.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

import dev.chirp.media.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodePlanTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private DecodePlan plan(byte[] file, ImageFormat format, long budget) throws IOException {
        Path upload = Files.write(dir.resolve("upload"), file);
        ImageReader reader = ImageIO.getImageReadersByFormatName(format.readerName).next();
        try (ImageInputStream in = new FileImageInputStream(upload.toFile())) {
            reader.setInput(in, true, true);
            return DecodePlan.of(reader, upload, format, 400, budget);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void aSixteenBitRgbaPngCostsEightBytesAPixel() throws IOException {
        DecodePlan whole = plan(TestImages.pngBomb(8192, 8192, 16, 6, false, false), ImageFormat.PNG, 2048 * MIB);

        assertThat(whole.subsampling()).isEqualTo(1);
        assertThat(whole.bytes()).isGreaterThanOrEqualTo(8192L * 8192 * 8);
    }

    @Test
    void whatDoesNotFitIsDecodedAtAFractionOfItsSize() throws IOException {
        DecodePlan plan = plan(TestImages.pngBomb(8192, 8192, 16, 6, false, false), ImageFormat.PNG, 102 * MIB);

        assertThat(plan.fits()).isTrue();
        assertThat(plan.subsampling()).isEqualTo(3);
        assertThat(plan.width()).isEqualTo(2731);
        assertThat(plan.bytes()).isLessThanOrEqualTo(102 * MIB);
    }

    @Test
    void aPaletteImageCostsLessThanAByteAPixel() throws IOException {
        DecodePlan plan = plan(TestImages.pngBomb(8192, 8192, 1, 3, false, false), ImageFormat.PNG, 2048 * MIB);

        assertThat(plan.bytes() - DecodePlan.scalingBytes(8192, 8192, 400) - DecodePlan.FIXED_BYTES)
                .isEqualTo(8192L * 8192 / 8);
    }

    @Test
    void aProgressiveJpegsNativeBufferCannotBeSubsampledAway() throws IOException {
        DecodePlan progressive = plan(TestImages.jpegDeclaring(8192, 8192, true), ImageFormat.JPEG, 102 * MIB);
        DecodePlan withExifFirst = plan(TestImages.jpegWithGps(1200, 800), ImageFormat.JPEG, 102 * MIB);
        DecodePlan baseline = plan(TestImages.jpegDeclaring(8192, 8192, false), ImageFormat.JPEG, 102 * MIB);

        assertThat(progressive.fits()).isFalse();
        assertThat(baseline.fits()).isTrue();
        assertThat(withExifFirst.fits()).isTrue();
    }
}
