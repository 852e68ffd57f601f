package dev.chirp.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Small files that claim huge images: what a decompression-bomb upload looks like. Built here byte by byte, so the
 * suite needs no image library and sends exactly the header fields it means to.
 */
final class Bombs {

    private Bombs() {
    }

    /**
     * A PNG of {@code size}×{@code size} pixels, 16-bit RGBA (8 bytes a pixel: 512 MiB decoded at 8192²), all black:
     * under a megabyte on the wire (deflate cannot shrink a run of zeros by more than about 1,000 to 1).
     */
    static byte[] png16BitRgba(int size) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream rows = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_SPEED), 65536)) {
            byte[] row = new byte[1 + size * 8]; // filter byte 0, then zeros
            for (int y = 0; y < size; y++) {
                rows.write(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (DataOutputStream ihdr = new DataOutputStream(header)) {
            ihdr.writeInt(size);
            ihdr.writeInt(size);
            ihdr.writeByte(16); // bit depth
            ihdr.writeByte(6); // colour type: RGBA
            ihdr.writeByte(0);
            ihdr.writeByte(0);
            ihdr.writeByte(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", compressed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** A one-pixel GIF whose logical screen claims 65535×65535 pixels. */
    static byte[] gifWithHugeLogicalScreen() {
        return new byte[] {
            'G', 'I', 'F', '8', '9', 'a',
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, // logical screen 65535 x 65535
            (byte) 0x80, 0, 0, // global colour table of 2 entries
            (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0,
            0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, // image descriptor: 1x1 at 0,0
            2, 2, 0x44, 0x01, 0, // LZW data
            0x3b};
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(png, data.length);
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        writeInt(png, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
