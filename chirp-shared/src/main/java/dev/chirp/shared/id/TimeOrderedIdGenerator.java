package dev.chirp.shared.id;

import java.time.Clock;

/**
 * Hands out 64-bit IDs that sort by creation time: 41 bits of milliseconds since {@link ChirpIds#EPOCH},
 * 10 bits of worker ID, 12 bits of sequence (4,096 IDs per millisecond per worker).
 *
 * <p>The generator never waits and never repeats itself. It keeps a logical clock that only moves forward: if the
 * wall clock steps back (NTP correction, VM migration) it keeps counting from the last millisecond it used, and
 * when a millisecond's sequence is exhausted it borrows the next millisecond. IDs therefore stay unique and
 * strictly increasing per worker, at the price of running slightly ahead of the wall clock for a while.
 */
public final class TimeOrderedIdGenerator {

    static final int WORKER_BITS = 10;
    static final int SEQUENCE_BITS = 12;
    public static final int MAX_WORKER_ID = (1 << WORKER_BITS) - 1;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    static final long MAX_TIMESTAMP = (1L << 41) - 1;

    private final Clock clock;
    private final long workerBits;
    private long lastMillis = -1;
    private long sequence;

    public TimeOrderedIdGenerator(int workerId) {
        this(workerId, Clock.systemUTC());
    }

    public TimeOrderedIdGenerator(int workerId, Clock clock) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0.." + MAX_WORKER_ID + ", was " + workerId);
        }
        this.clock = clock;
        this.workerBits = (long) workerId << SEQUENCE_BITS;
    }

    public synchronized long nextId() {
        long now = clock.millis() - ChirpIds.EPOCH_MILLIS;
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        } else if (sequence < MAX_SEQUENCE) {
            sequence++;
        } else {
            lastMillis++;
            sequence = 0;
        }
        if (lastMillis < 0 || lastMillis > MAX_TIMESTAMP) {
            throw new IllegalStateException("clock outside the ID range: " + clock.instant());
        }
        return (lastMillis << (WORKER_BITS + SEQUENCE_BITS)) | workerBits | sequence;
    }
}
