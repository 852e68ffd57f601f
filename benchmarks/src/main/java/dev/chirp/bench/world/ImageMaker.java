package dev.chirp.bench.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/** Small generated photos (a gradient sky, a few shapes, a caption), deterministic per seed; PNG or JPEG. */
public final class ImageMaker {

    private ImageMaker() {
    }

    public static byte[] photo(long seed, int width, int height, String caption, String format) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(random), 0, height, color(random)));
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 160));
                int size = 20 + random.nextInt(Math.max(1, Math.min(width, height) / 2));
                int x = random.nextInt(width);
                int y = random.nextInt(height);
                if (random.nextBoolean()) {
                    g.fillOval(x - size / 2, y - size / 2, size, size);
                } else {
                    g.setStroke(new BasicStroke(2 + random.nextInt(6)));
                    g.drawRect(x - size / 2, y - size / 2, size, size);
                }
            }
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, height / 12)));
            g.drawString(caption, 12, height - 14);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Color color(SplittableRandom random) {
        return Color.getHSBColor(random.nextFloat(), 0.5f + random.nextFloat() / 2, 0.6f + random.nextFloat() / 3);
    }
}
