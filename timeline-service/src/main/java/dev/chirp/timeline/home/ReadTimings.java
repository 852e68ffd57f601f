package dev.chirp.timeline.home;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How long one home timeline read spent in each phase, as a W3C {@code Server-Timing} header value: the web
 * client's "how this page was served" drawer shows it, after the gateway has added its own entries. A phase run
 * several times (a page that needs another lookup round) adds up.
 */
final class ReadTimings {

    record Phase(String name, String description) {
    }

    static final Phase FOLLOWS = new Phase("timeline-follows", "timeline-service: celebrities followed (Redis)");
    static final Phase REDIS = new Phase("timeline-redis", "timeline-service: home timeline read (Redis)");
    static final Phase CELEBRITIES = new Phase("timeline-celebrities", "timeline-service: celebrity merge (Redis)");
    static final Phase HYDRATE = new Phase("timeline-hydrate", "timeline-service: tweet bodies from tweet-service");

    private final long start = System.nanoTime();
    private final Map<Phase, Long> nanos = new LinkedHashMap<>();

    <T> T time(Phase phase, Supplier<T> work) {
        long from = System.nanoTime();
        try {
            return work.get();
        } finally {
            nanos.merge(phase, System.nanoTime() - from, Long::sum);
        }
    }

    String header() {
        Map<Phase, Long> all = new LinkedHashMap<>(nanos);
        all.put(new Phase("timeline-total", "timeline-service: total"), System.nanoTime() - start);
        return all.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s;dur=%.2f;desc=\"%s\"", e.getKey().name(),
                        e.getValue() / 1_000_000.0, e.getKey().description()))
                .collect(Collectors.joining(", "));
    }
}
