package dev.chirp.media.upload;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.chirp.media.MediaProperties;
import dev.chirp.shared.error.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The memory all image decodes in flight may take together, a share of the JVM's maximum heap, handed out in bytes:
 * a decode waits until the bytes it needs are free. A count of decodes would not do: one 16-bit RGBA image of the
 * largest accepted size needs 512 MiB, a palette one of the same size 64 MiB.
 */
@Component
class DecodeBudget {

    private static final int KIB = 1024;

    private final long totalBytes;
    private final Semaphore kibibytes;
    private final long waitMillis;

    @Autowired
    DecodeBudget(MediaProperties properties) {
        this(Runtime.getRuntime().maxMemory() * properties.decodeMemoryPercent() / 100,
                properties.decodeWait().toMillis());
    }

    DecodeBudget(long totalBytes, long waitMillis) {
        // Counted in KiB so that a budget above 2 GiB still fits a Semaphore's int permits.
        this.kibibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalBytes / KIB), true);
        this.totalBytes = (long) kibibytes.availablePermits() * KIB;
        this.waitMillis = waitMillis;
    }

    /** The most one decode may be given: the whole budget, when nothing else is being decoded. */
    long totalBytes() {
        return totalBytes;
    }

    /** Holds {@code bytes} of the budget until closed; 503 when they do not become free within the decode wait. */
    Reservation reserve(long bytes) {
        if (bytes > totalBytes) {
            throw new IllegalArgumentException(bytes + " bytes can never be reserved from " + totalBytes);
        }
        int permits = (int) Math.max(1, (bytes + KIB - 1) / KIB);
        boolean acquired;
        try {
            acquired = kibibytes.tryAcquire(permits, waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw ApiException.unavailable("Too many images are being processed; try again shortly.");
        }
        return () -> kibibytes.release(permits);
    }

    interface Reservation extends AutoCloseable {

        @Override
        void close();
    }
}
