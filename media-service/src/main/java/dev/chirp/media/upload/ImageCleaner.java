package dev.chirp.media.upload;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import com.sun.management.ThreadMXBean;
import dev.chirp.media.MediaProperties;
import dev.chirp.shared.error.ApiException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.w3c.dom.Node;

/**
 * Turns an uploaded image into the image Chirp stores and its thumbnail. The size is read from the header and
 * checked before anything is decoded (a tiny file may declare 30000×30000 pixels), the memory the decode needs is
 * worked out from the header too ({@link DecodePlan}) and reserved from the {@link DecodeBudget}; then the pixels
 * alone are decoded and written into a fresh file, so no EXIF, GPS, comment or other metadata of the upload
 * survives.
 */
@Component
class ImageCleaner {

    private static final String GIF_STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final int maxDimension;
    private final long maxPixels;
    private final int thumbnailSize;
    private final float jpegQuality;
    private final DecodeBudget budget;
    private final DistributionSummary allocated;
    private final DistributionSummary reserved;

    ImageCleaner(MediaProperties properties, DecodeBudget budget, MeterRegistry meters) {
        this.maxDimension = properties.maxDimension();
        this.maxPixels = properties.maxPixels();
        this.thumbnailSize = properties.thumbnailSize();
        this.jpegQuality = properties.jpegQuality();
        this.budget = budget;
        this.allocated = DistributionSummary.builder("chirp.media.decode.allocated").baseUnit("bytes")
                .description("Heap allocated by the request thread while one upload was checked, decoded and re-encoded")
                .register(meters);
        this.reserved = DistributionSummary.builder("chirp.media.decode.reserved").baseUnit("bytes")
                .description("Decode memory reserved for one upload from the shared budget").register(meters);
    }

    /** The stored image's size and dimensions. */
    record Cleaned(int width, int height, long sizeBytes) {
    }

    Cleaned clean(Path upload, ImageFormat format, Path image, Path thumbnail) throws IOException {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        ImageReader reader = ImageIO.getImageReadersByFormatName(format.readerName).next();
        try (ImageInputStream in = new FileImageInputStream(upload.toFile())) {
            // Metadata only where the plan needs it (GIF's logical screen): a PNG's zTXt chunks are compressed and
            // would be inflated into memory just to be thrown away.
            reader.setInput(in, true, format != ImageFormat.GIF);
            DecodePlan plan = plan(reader, upload, format);
            try (DecodeBudget.Reservation ignored = budget.reserve(plan.bytes())) {
                reserved.record(plan.bytes());
                BufferedImage pixels = decode(reader, plan);
                write(pixels, format, image);
                write(shrink(pixels, thumbnailSize, format == ImageFormat.JPEG), format, thumbnail);
                return new Cleaned(pixels.getWidth(), pixels.getHeight(), Files.size(image));
            }
        } finally {
            reader.dispose();
            allocated.record(THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore);
        }
    }

    /** The header's dimensions checked, then the memory the decode needs worked out, before any pixel is read. */
    private DecodePlan plan(ImageReader reader, Path upload, ImageFormat format) {
        DecodePlan plan;
        try {
            refuseOversized(reader.getWidth(0), reader.getHeight(0));
            if (format == ImageFormat.GIF) {
                refuseOversizedScreen(reader.getStreamMetadata());
            }
            plan = DecodePlan.of(reader, upload, format, thumbnailSize, budget.totalBytes());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException refused) {
                throw refused;
            }
            throw damaged();
        }
        if (!plan.fits()) {
            throw ApiException.invalid("file", "is a " + plan.sourceWidth() + "×" + plan.sourceHeight()
                    + " image whose decoding would need more memory than this service gives one image ("
                    + budget.totalBytes() / (1024 * 1024) + " MiB); a progressive JPEG needs the most, the same"
                    + " image saved as a baseline JPEG is accepted");
        }
        return plan;
    }

    /** A GIF's logical screen is the canvas viewers allocate, whatever the size of its frames. */
    private void refuseOversizedScreen(IIOMetadata stream) {
        if (stream == null) {
            return;
        }
        Node root = stream.getAsTree(GIF_STREAM_FORMAT);
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if ("LogicalScreenDescriptor".equals(child.getNodeName())) {
                IIOMetadataNode screen = (IIOMetadataNode) child;
                refuseOversized(Integer.parseInt(screen.getAttribute("logicalScreenWidth")),
                        Integer.parseInt(screen.getAttribute("logicalScreenHeight")));
            }
        }
    }

    private static BufferedImage decode(ImageReader reader, DecodePlan plan) {
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(plan.subsampling(), plan.subsampling(), 0, 0);
        // A truncated JPEG decodes "successfully" with grey where the data ended; the decoder only warns.
        AtomicReference<String> warning = new AtomicReference<>();
        reader.addIIOReadWarningListener((source, message) -> warning.compareAndSet(null, message));
        BufferedImage pixels;
        try {
            pixels = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            // The PNG reader wraps every Throwable, OutOfMemoryError included, in an IIOException: never let an
            // allocation failure pass for a damaged file.
            if (causedByOutOfMemory(e)) {
                throw new IllegalStateException("decoding ran out of memory despite its reservation", e);
            }
            throw damaged();
        }
        if (warning.get() != null) {
            throw damaged();
        }
        return pixels;
    }

    private static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
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
