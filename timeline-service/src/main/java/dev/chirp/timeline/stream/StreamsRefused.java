package dev.chirp.timeline.stream;

import java.time.Duration;

/** A stream that may not open now: the user or this instance already has as many as allowed. Answered with 429. */
final class StreamsRefused extends RuntimeException {

    private final Duration retryAfter;

    StreamsRefused(String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
