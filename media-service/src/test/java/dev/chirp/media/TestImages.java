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
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

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

    /**
     * A valid PNG of {@code width}×{@code height} zero pixels in any colour model, a few hundred KB at 8192×8192
     * (zeros deflate about 1000:1): what a decoder must allocate for it depends only on the header. Colour types:
     * 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA; {@code interlaced} is Adam7; {@code animated} adds the APNG
     * chunks (acTL, fcTL) of a one-frame animation, which ImageIO skips.
     */
    public static byte[] pngBomb(int width, int height, int bitDepth, int colourType, boolean interlaced,
                                 boolean animated) {
        int channels = switch (colourType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
            int[][] passes = interlaced
                    ? new int[][] {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
                            {0, 1, 1, 2}}
                    : new int[][] {{0, 0, 1, 1}};
            for (int[] pass : passes) {
                int passWidth = (width - pass[0] + pass[2] - 1) / pass[2];
                int passHeight = (height - pass[1] + pass[3] - 1) / pass[3];
                if (passWidth <= 0 || passHeight <= 0) {
                    continue;
                }
                byte[] row = new byte[1 + (int) (((long) passWidth * channels * bitDepth + 7) / 8)];
                for (int y = 0; y < passHeight; y++) {
                    z.write(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
                .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) (interlaced ? 1 : 0)).array());
        if (colourType == 3) {
            chunk(out, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        }
        if (animated) {
            chunk(out, "acTL", ByteBuffer.allocate(8).putInt(1).putInt(0).array());
            chunk(out, "fcTL", ByteBuffer.allocate(26).putInt(0).putInt(width).putInt(height).putInt(0).putInt(0)
                    .putShort((short) 1).putShort((short) 10).put((byte) 0).put((byte) 0).array());
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A small GIF whose logical screen (the canvas, bytes 6..9) declares {@code width}×{@code height}. */
    public static byte[] gifWithScreen(int width, int height) {
        byte[] gif = gif(16, 16);
        ByteBuffer.wrap(gif, 6, 4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) width).putShort((short) height);
        return gif;
    }

    /** A small GIF whose logical screen and first frame both declare {@code width}×{@code height}. */
    public static byte[] gifDeclaring(int width, int height) {
        byte[] gif = gifWithScreen(width, height);
        int at = 13 + ((gif[10] & 0x80) != 0 ? 3 * (1 << ((gif[10] & 7) + 1)) : 0);
        while ((gif[at] & 0xFF) == 0x21) {          // extensions: label, then sub-blocks up to a zero length
            at += 2;
            while (gif[at] != 0) {
                at += (gif[at] & 0xFF) + 1;
            }
            at++;
        }
        ByteBuffer.wrap(gif, at + 5, 4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) width).putShort((short) height);
        return gif;
    }

    /** A real two-colour GIF of {@code width}×{@code height} (1 bit a pixel while it is made). */
    public static byte[] twoColourGif(int width, int height) {
        return encode(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY), "gif");
    }

    /** A real grey baseline JPEG of {@code width}×{@code height}. */
    public static byte[] greyJpeg(int width, int height) {
        return encode(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "jpeg");
    }

    /**
     * A small colour JPEG, progressive or baseline, whose frame header (SOF) declares {@code width}×{@code height}:
     * the decoder sizes its buffers from the header before it finds the data too short.
     */
    public static byte[] jpegDeclaring(int width, int height, boolean progressive) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(picture(64, 64, false), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = out.toByteArray();
        int at = 2;
        while ((jpeg[at + 1] & 0xFF) != 0xC0 && (jpeg[at + 1] & 0xFF) != 0xC2) {
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        ByteBuffer.wrap(jpeg, at + 5, 4).putShort((short) height).putShort((short) width);
        return jpeg;
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
