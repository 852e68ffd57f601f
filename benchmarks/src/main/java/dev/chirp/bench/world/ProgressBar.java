package dev.chirp.bench.world;

import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar on stderr, redrawn at most five times a second. */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile long lastDraw;

    public ProgressBar(String label, long total) {
        this.label = label;
        this.total = Math.max(total, 1);
        draw(0);
    }

    public void step() {
        long now = done.incrementAndGet();
        long t = System.nanoTime();
        if (t - lastDraw > 200_000_000L || now == total) {
            lastDraw = t;
            draw(now);
        }
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public void finish() {
        draw(done.get());
        System.err.println();
    }

    private synchronized void draw(long now) {
        int filled = (int) (WIDTH * Math.min(now, total) / total);
        double seconds = seconds();
        System.err.printf("\r  %-22s [%s%s] %,d/%,d  %.1f/s  %.0fs ", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), now, total, seconds > 0 ? now / seconds : 0.0, seconds);
    }
}
