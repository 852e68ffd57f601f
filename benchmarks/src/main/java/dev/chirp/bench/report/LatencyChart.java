package dev.chirp.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.chirp.bench.load.LatencyTimeline;

/**
 * The latency-over-time chart: per second of the bench, the p99 (solid) of each run's request types on a
 * logarithmic millisecond axis, with the runs' spans shaded and numbered (names below) and the 200 ms SLA drawn
 * across.
 */
public final class LatencyChart {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 560;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 150;
    private static final double MIN_MS = 0.5;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0xbcbd22), new Color(0x7f7f7f)};

    private LatencyChart() {
    }

    public static void write(LatencyTimeline timeline, Path file) {
        Map<String, List<LatencyTimeline.Point>> series = timeline.points();
        List<LatencyTimeline.Span> spans = timeline.spans();
        double maxSecond = 1;
        double maxMs = 250;
        for (List<LatencyTimeline.Point> points : series.values()) {
            for (LatencyTimeline.Point p : points) {
                maxSecond = Math.max(maxSecond, p.second() + 1);
                maxMs = Math.max(maxMs, p.p99());
            }
        }
        for (LatencyTimeline.Span span : spans) {
            maxSecond = Math.max(maxSecond, span.toSecond());
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            Axis axis = new Axis(maxSecond, Math.log10(MIN_MS), Math.log10(maxMs * 1.2));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            int band = 0;
            for (LatencyTimeline.Span span : spans) {
                int x0 = axis.x(span.fromSecond());
                int x1 = axis.x(span.toSecond());
                g.setColor(band++ % 2 == 0 ? new Color(0xF2F2F2) : new Color(0xE6EEF7));
                g.fillRect(x0, TOP, Math.max(1, x1 - x0), HEIGHT - TOP - BOTTOM);
                g.setColor(Color.DARK_GRAY);
                g.drawString(Integer.toString(band), x0 + 2, TOP + 12);
            }
            int column = 0;
            for (int i = 0; i < spans.size(); i++) {
                g.drawString((i + 1) + " " + spans.get(i).name(), LEFT + (column % 4) * 330,
                        HEIGHT - 75 + (column / 4) * 14);
                column++;
            }
            g.setColor(Color.GRAY);
            for (double ms : new double[] {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
                if (ms > maxMs * 1.2) {
                    break;
                }
                int y = axis.y(ms);
                g.setColor(new Color(0xDDDDDD));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(ms >= 1000 ? (int) (ms / 1000) + " s" : (int) ms + " ms", 8, y + 4);
            }
            g.setColor(new Color(0xC00000));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(LEFT, axis.y(200), WIDTH - RIGHT, axis.y(200));
            g.drawString("SLA 200 ms", WIDTH - RIGHT - 70, axis.y(200) - 4);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
            for (int s = 0; s <= maxSecond; s += tick(maxSecond)) {
                int x = axis.x(s);
                g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 4);
                g.drawString(s + " s", x - 8, HEIGHT - BOTTOM + 16);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("p99 latency per second (coordinated-omission corrected), log scale; shaded: one run each",
                    LEFT, TOP - 10);
            drawSeries(g, axis, series);
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drawSeries(Graphics2D g, Axis axis, Map<String, List<LatencyTimeline.Point>> series) {
        // One colour per request type (the part after " · "), so the legend stays short.
        List<String> types = new ArrayList<>();
        series.keySet().forEach(name -> {
            String type = name.substring(name.indexOf(" · ") + 3);
            if (!types.contains(type)) {
                types.add(type);
            }
        });
        g.setStroke(new BasicStroke(1.6f));
        series.forEach((name, points) -> {
            g.setColor(PALETTE[types.indexOf(name.substring(name.indexOf(" · ") + 3)) % PALETTE.length]);
            int[] xs = new int[points.size()];
            int[] ys = new int[points.size()];
            for (int i = 0; i < points.size(); i++) {
                xs[i] = axis.x(points.get(i).second() + 0.5);
                ys[i] = axis.y(Math.max(MIN_MS, points.get(i).p99()));
            }
            g.drawPolyline(xs, ys, xs.length);
            if (xs.length == 1) {
                g.fillOval(xs[0] - 2, ys[0] - 2, 5, 5);
            }
        });
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = LEFT;
        int y = HEIGHT - BOTTOM + 36;
        for (int i = 0; i < types.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(types.get(i), x + 20, y);
            x += 200;
            if (x > WIDTH - 200) {
                x = LEFT;
                y += 20;
            }
        }
    }

    private static int tick(double maxSecond) {
        return maxSecond > 600 ? 60 : maxSecond > 240 ? 30 : maxSecond > 60 ? 10 : 5;
    }

    private record Axis(double maxSecond, double minLog, double maxLog) {

        int x(double second) {
            return LEFT + (int) Math.round(second / maxSecond * (WIDTH - LEFT - RIGHT));
        }

        int y(double ms) {
            double fraction = (Math.log10(ms) - minLog) / (maxLog - minLog);
            return HEIGHT - BOTTOM - (int) Math.round(fraction * (HEIGHT - TOP - BOTTOM));
        }
    }
}
