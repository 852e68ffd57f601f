package dev.chirp.bench.services;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/**
 * A photo-sized JPEG for the upload benchmark: a gradient with shapes and per-pixel sensor-like noise (so that it
 * compresses like a photo, not like a flat drawing), its dimensions searched (4:3) until the file is
 * {@code targetBytes} ± {@code tolerance}. Deterministic: the same bytes on every run.
 */
record LargeJpeg(byte[] bytes, int width, int height) {

    private static final int NOISE = 24;
    private static final int ATTEMPTS = 12;
    private static final double AIM = 0.01;

    /** Aims within 1 % of the target, accepts the closest attempt within {@code tolerance}. */
    static LargeJpeg make(int targetBytes, double tolerance) {
        int width = 1_200;
        LargeJpeg best = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int height = width * 3 / 4;
            LargeJpeg jpeg = new LargeJpeg(render(width, height), width, height);
            if (best == null || jpeg.error(targetBytes) < best.error(targetBytes)) {
                best = jpeg;
            }
            if (best.error(targetBytes) <= AIM) {
                break;
            }
            // The size grows with the pixel count: scale both sides by the square root of the shortfall.
            width = (int) Math.round(width * Math.sqrt((double) targetBytes / jpeg.bytes().length));
        }
        if (best.error(targetBytes) > tolerance) {
            throw new IllegalStateException("could not make a JPEG of " + targetBytes + " bytes ± " + tolerance);
        }
        return best;
    }

    private double error(int targetBytes) {
        return Math.abs(bytes.length - targetBytes) / (double) targetBytes;
    }

    private static byte[] render(int width, int height) {
        SplittableRandom random = new SplittableRandom(1_000_000);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new Color(70, 120, 200), 0, height, new Color(240, 190, 120)));
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < 40; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
                int size = 20 + random.nextInt(Math.max(1, width / 4));
                g.fillOval(random.nextInt(width) - size / 2, random.nextInt(height) - size / 2, size, size);
            }
        } finally {
            g.dispose();
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                image.setRGB(x, y, (noisy(rgb >> 16, random) << 16) | (noisy(rgb >> 8, random) << 8)
                        | noisy(rgb, random));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int noisy(int channel, SplittableRandom random) {
        return Math.max(0, Math.min(255, (channel & 0xff) + random.nextInt(-NOISE, NOISE + 1)));
    }
}
