package dev.chirp.media.upload;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import dev.chirp.media.MediaProperties;
import dev.chirp.shared.error.ApiException;
import org.springframework.stereotype.Component;

/**
 * Turns an uploaded image into the image Chirp stores and its thumbnail. The size is read from the header and
 * checked before anything is decoded (a tiny file may declare 30000×30000 pixels); then the pixels alone are
 * decoded and written into a fresh file, so no EXIF, GPS, comment or other metadata of the upload survives.
 */
@Component
class ImageCleaner {

    private final int maxDimension;
    private final long maxPixels;
    private final int thumbnailSize;
    private final float jpegQuality;

    ImageCleaner(MediaProperties properties) {
        this.maxDimension = properties.maxDimension();
        this.maxPixels = properties.maxPixels();
        this.thumbnailSize = properties.thumbnailSize();
        this.jpegQuality = properties.jpegQuality();
    }

    /** The stored image's size and dimensions. */
    record Cleaned(int width, int height, long sizeBytes) {
    }

    Cleaned clean(Path upload, ImageFormat format, Path image, Path thumbnail) throws IOException {
        BufferedImage pixels = decode(upload, format);
        write(pixels, format, image);
        write(shrink(pixels, thumbnailSize, format == ImageFormat.JPEG), format, thumbnail);
        return new Cleaned(pixels.getWidth(), pixels.getHeight(), Files.size(image));
    }

    private BufferedImage decode(Path upload, ImageFormat format) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format.readerName).next();
        try (ImageInputStream in = new FileImageInputStream(upload.toFile())) {
            reader.setInput(in, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw damaged();
            }
            refuseOversized(width, height);
            // A truncated JPEG decodes "successfully" with grey where the data ended; the decoder only warns.
            AtomicReference<String> warning = new AtomicReference<>();
            reader.addIIOReadWarningListener((source, message) -> warning.compareAndSet(null, message));
            BufferedImage pixels;
            try {
                pixels = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw damaged();
            }
            if (warning.get() != null) {
                throw damaged();
            }
            return pixels;
        } finally {
            reader.dispose();
        }
    }

    void refuseOversized(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw damaged();
        }
        if (width > maxDimension || height > maxDimension || (long) width * height > maxPixels) {
            throw ApiException.invalid("file", "is " + width + "×" + height + " pixels; at most " + maxDimension
                    + "×" + maxDimension + " (" + maxPixels + " pixels) are accepted");
        }
    }

    private void write(BufferedImage pixels, ImageFormat format, Path target) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format.writerName).next();
        try (ImageOutputStream out = new FileImageOutputStream(target.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(jpegQuality);
            }
            // No metadata and no thumbnails: only the pixels travel from the upload to the stored file.
            writer.write(null, new IIOImage(pixels, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /**
     * Scales to at most {@code maxSide} on the longer side (never up), halving step by step: one bilinear step from
     * a large image to a small one skips most source pixels and looks jagged.
     */
    static BufferedImage shrink(BufferedImage source, int maxSide, boolean opaque) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(source.getWidth(), source.getHeight()));
        int targetWidth = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int targetHeight = Math.max(1, (int) Math.round(source.getHeight() * scale));
        int type = opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB;
        BufferedImage current = source;
        int width = source.getWidth();
        int height = source.getHeight();
        do {
            width = Math.max(targetWidth, width / 2);
            height = Math.max(targetHeight, height / 2);
            BufferedImage next = new BufferedImage(width, height, type);
            Graphics2D g = next.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(current, 0, 0, width, height, null);
            g.dispose();
            current = next;
        } while (width != targetWidth || height != targetHeight);
        return current;
    }

    private static ApiException damaged() {
        return ApiException.invalid("file", "is damaged or incomplete and cannot be decoded");
    }
}
