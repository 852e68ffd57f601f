package dev.chirp.timeline;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Projections write with the event's own time as the Cassandra write timestamp: whatever order events are
 * applied in, and however often they are replayed, the newest event wins.
 */
public final class WriteTimestamps {

    private WriteTimestamps() {
    }

    public static long of(Instant eventTime) {
        return TimeUnit.SECONDS.toMicros(eventTime.getEpochSecond()) + eventTime.getNano() / 1000;
    }
}
