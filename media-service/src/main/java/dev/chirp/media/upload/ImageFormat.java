package dev.chirp.media.upload;

import java.util.Arrays;
import java.util.Optional;

import dev.chirp.shared.error.ApiException;

/**
 * The accepted image types, recognised by their first bytes (never by file name or declared type), and what each
 * is stored as. A GIF is reduced to its first frame and stored as PNG: lossless, and no palette to rebuild for the
 * thumbnail.
 */
enum ImageFormat {

    JPEG("jpeg", "jpeg", "image/jpeg"),
    PNG("png", "png", "image/png"),
    GIF("gif", "png", "image/png");

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] GIF87_MAGIC = {'G', 'I', 'F', '8', '7', 'a'};
    private static final byte[] GIF89_MAGIC = {'G', 'I', 'F', '8', '9', 'a'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};
    /** Enough leading bytes to tell every format apart. */
    static final int SNIFF_LENGTH = 12;

    final String readerName;
    final String writerName;
    final String storedContentType;

    ImageFormat(String readerName, String writerName, String storedContentType) {
        this.readerName = readerName;
        this.writerName = writerName;
        this.storedContentType = storedContentType;
    }

    /**
     * The format that {@code head} starts; 415 for anything else. WebP is recognised only to say why it is
     * refused: the JDK's ImageIO has no WebP decoder, and an image that cannot be decoded cannot be cleaned.
     */
    static ImageFormat sniff(byte[] head) {
        Optional<ImageFormat> format = startsWith(head, JPEG_MAGIC) ? Optional.of(JPEG)
                : startsWith(head, PNG_MAGIC) ? Optional.of(PNG)
                : startsWith(head, GIF87_MAGIC) || startsWith(head, GIF89_MAGIC) ? Optional.of(GIF)
                : Optional.empty();
        return format.orElseThrow(() -> ApiException.unsupportedMediaType(isWebP(head)
                ? "WebP images are not supported here; upload JPEG, PNG or GIF."
                : "The file is not a JPEG, PNG or GIF image."));
    }

    private static boolean isWebP(byte[] head) {
        return startsWith(head, RIFF) && head.length >= 12
                && Arrays.equals(Arrays.copyOfRange(head, 8, 12), WEBP);
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
    }
}
