package dev.chirp.media.upload;

import java.awt.image.DataBuffer;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * How one upload will be decoded and what it costs, worked out from the header alone (no pixel is decoded): the
 * bytes per pixel of the raster the reader will allocate (its colour model: a 16-bit RGBA PNG takes 8, an RGB JPEG 3,
 * a palette GIF 1 or less), what the thumbnail's scaling allocates on top, and what a progressive JPEG's decoder
 * buffers outside the heap. When the whole does not fit {@code budgetBytes}, the image is decoded at 1/2, 1/3, …
 * of its size ({@code ImageReadParam.setSourceSubsampling}), which shrinks the raster and the scaling but not a
 * progressive JPEG's buffer; {@link #fits()} is false when nothing fits.
 *
 * @param sourceWidth  the width the header declares
 * @param sourceHeight the height the header declares
 * @param width        the stored width (the source width divided by {@code subsampling}, rounded up)
 * @param height       the stored height
 * @param subsampling  1 to decode every pixel, n to decode every n-th pixel of every n-th row
 * @param bytes        the memory to reserve for the decode, the re-encoding and the thumbnail
 * @param fits         false when even the most subsampled decode needs more than the budget: refuse the upload
 */
record DecodePlan(int sourceWidth, int sourceHeight, int width, int height, int subsampling, long bytes,
                  boolean fits) {

    /** Reader state, metadata objects, row buffers and the encoders' own: measured well below this. */
    static final long FIXED_BYTES = 4L * 1024 * 1024;
    /** libjpeg keeps every DCT coefficient (2 bytes) of every component of a multi-scan JPEG until its last scan. */
    private static final int COEFFICIENT_BYTES = 2;

    static DecodePlan of(ImageReader reader, Path upload, ImageFormat format, int thumbnailSize, long budgetBytes)
            throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            throw new IOException("no destination type");
        }
        long bitsPerPixel = storageBits(types.next().getSampleModel(1, 1));
        long outsideHeap = format == ImageFormat.JPEG ? progressiveCoefficientBytes(upload, width, height) : 0;
        for (int n = 1; ; n++) {
            int w = (width + n - 1) / n;
            int h = (height + n - 1) / n;
            long bytes = FIXED_BYTES + outsideHeap + ceilDiv((long) w * h * bitsPerPixel, 8)
                    + scalingBytes(w, h, thumbnailSize);
            if (bytes <= budgetBytes) {
                return new DecodePlan(width, height, w, h, n, bytes, true);
            }
            if (FIXED_BYTES + outsideHeap > budgetBytes || (w == 1 && h == 1)) {
                return new DecodePlan(width, height, w, h, n, bytes, false);
            }
        }
    }

    /** Bits one pixel takes in the raster's data buffer (not the colour depth: 24-bit RGB packed in an int is 32). */
    static long storageBits(SampleModel model) {
        if (model instanceof MultiPixelPackedSampleModel packed) {
            return packed.getPixelBitStride();
        }
        return (long) model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType());
    }

    /**
     * What {@link ImageCleaner#shrink} holds at its peak, all at 4 bytes a pixel: a copy of the whole image (Java2D's
     * bilinear scaling converts a source it has no transform loop for, such as 16-bit or grey, into an ARGB copy
     * first: measured, a 16-bit grey image OOMed without it), the current and the next halving, and the thumbnail.
     */
    static long scalingBytes(int width, int height, int maxSide) {
        double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
        long target = Math.max(1, Math.round(width * scale)) * Math.max(1, Math.round(height * scale));
        long firstStep = Math.max(target, (long) (width / 2) * (height / 2));
        return 4 * ((long) width * height + firstStep + firstStep / 4 + target);
    }

    /**
     * A progressive (multi-scan) JPEG's coefficient buffer, allocated natively by libjpeg at full size; 0 if baseline.
     * The frame header is found by walking the markers up to the first scan: ImageIO's JPEG metadata would do, but
     * it refuses a file whose APP1 (EXIF) comes before its APP0 (JFIF), which cameras write and viewers accept.
     */
    private static long progressiveCoefficientBytes(Path jpeg, int width, int height) throws IOException {
        try (ImageInputStream in = new FileImageInputStream(jpeg.toFile())) {
            in.skipBytes(2);                                  // SOI
            while (true) {
                if (in.readUnsignedByte() != 0xFF) {
                    throw new IOException("not a JPEG marker");
                }
                int marker = in.readUnsignedByte();
                while (marker == 0xFF) {                      // fill bytes
                    marker = in.readUnsignedByte();
                }
                if (marker == 0xDA || marker == 0xD9) {       // first scan or end: no frame header before it
                    return 0;
                }
                int length = in.readUnsignedShort();
                if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    boolean progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
                    in.skipBytes(5);                          // precision, lines, samples per line
                    int components = in.readUnsignedByte();
                    // rounded up to whole 8×8 blocks
                    return progressive ? ceilDiv(width, 8) * 8 * ceilDiv(height, 8) * 8 * components
                            * COEFFICIENT_BYTES : 0;
                }
                in.skipBytes(length - 2);
            }
        }
    }

    private static long ceilDiv(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }
}
