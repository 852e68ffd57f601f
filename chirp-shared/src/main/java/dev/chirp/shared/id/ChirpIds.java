package dev.chirp.shared.id;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The one place that knows how IDs look from outside (decimal strings, docs/03-api.md) and how they relate to time.
 */
public final class ChirpIds {

    /** The project epoch: IDs count milliseconds from here, which leaves 69 years of room. */
    public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    static final long EPOCH_MILLIS = EPOCH.toEpochMilli();
    private static final int TIME_SHIFT = TimeOrderedIdGenerator.WORKER_BITS + TimeOrderedIdGenerator.SEQUENCE_BITS;

    private ChirpIds() {
    }

    public static String format(long id) {
        return Long.toString(id);
    }

    public static @Nullable String formatNullable(@Nullable Long id) {
        return id == null ? null : Long.toString(id);
    }

    /** Parses a client-supplied ID; empty when it is not a positive decimal 64-bit number. */
    public static Optional<Long> parse(@Nullable String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        try {
            long id = Long.parseLong(text);
            return id > 0 ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException overflow) {
            return Optional.empty();
        }
    }

    public static Instant timeOf(long id) {
        return Instant.ofEpochMilli((id >>> TIME_SHIFT) + EPOCH_MILLIS);
    }

    /** The smallest ID that could be generated at {@code time}: a lower bound for range queries by time. */
    public static long lowestAt(Instant time) {
        long millis = Math.max(0, time.toEpochMilli() - EPOCH_MILLIS);
        return millis << TIME_SHIFT;
    }
}
