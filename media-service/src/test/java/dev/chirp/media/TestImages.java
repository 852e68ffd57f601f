package dev.chirp.media;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Images made in code for the tests, including the hostile ones. */
public final class TestImages {

    /** Text inside the EXIF GPS block of {@link #jpegWithGps}: it must not survive into any stored object. */
    public static final String GPS_MARKER = "CHIRP-SECRET-PLACE";

    private TestImages() {
    }

    public static BufferedImage picture(int width, int height, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(200, 40, 40, alpha ? 128 : 255), width, height,
                new Color(40, 40, 200)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.YELLOW);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, false), "jpeg");
    }

    public static byte[] png(int width, int height) {
        return encode(picture(width, height, true), "png");
    }

    public static byte[] gif(int width, int height) {
        return encode(picture(width, height, false), "gif");
    }

    /** A JPEG whose APP1 segment carries EXIF with a GPS IFD (latitude 48°51'24" N, and a text marker). */
    public static byte[] jpegWithGps(int width, int height) {
        byte[] jpeg = jpeg(width, height);
        byte[] exif = exifWithGps();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);                                // SOI
        out.write(0xFF);
        out.write(0xE1);                                      // APP1
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] exifWithGps() {
        byte[] marker = (GPS_MARKER + "\0").getBytes(StandardCharsets.US_ASCII);
        // TIFF little endian: header(8) | IFD0: 1 entry (GPS pointer) | GPS IFD: 3 entries | data
        int ifd0 = 8;
        int gpsIfd = ifd0 + 2 + 12 + 4;
        int data = gpsIfd + 2 + 3 * 12 + 4;
        int latitude = data;
        int text = latitude + 24;
        ByteBuffer tiff = ByteBuffer.allocate(text + marker.length).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) 1);
        entry(tiff, 0x8825, 4, 1, gpsIfd);                    // GPSInfo IFD pointer
        tiff.putInt(0);
        tiff.putShort((short) 3);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
        entry(tiff, 0x0002, 5, 3, latitude);                  // GPSLatitude, 3 rationals
        entry(tiff, 0x001B, 7, marker.length, text);          // GPSProcessingMethod, our marker
        tiff.putInt(0);
        tiff.putInt(48).putInt(1).putInt(51).putInt(1).putInt(24).putInt(1);
        tiff.put(marker);
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        byte[] segment = new byte[header.length + tiff.capacity()];
        System.arraycopy(header, 0, segment, 0, header.length);
        System.arraycopy(tiff.array(), 0, segment, header.length, tiff.capacity());
        return segment;
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    /**
     * A decompression bomb: a valid PNG of a few dozen bytes whose header declares {@code width}×{@code height}
     * pixels (the image data is a single compressed row, so a decoder that trusted the header would allocate
     * gigabytes before noticing).
     */
    public static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The JPEG markers before the image data (SOS): which segments a file carries. */
    public static List<Integer> jpegMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        return markers;
    }

    public static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
