package dev.chirp.shared.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Chirp-Degraded} response header (docs/03-api.md, "Degraded answers"): a 200 served while a store was
 * away, naming what the answer lacks, so that a client can tell "no likes" from "likes unknown" and a short page
 * from the end. Absent on a complete answer. tweet-service sets it on its batch lookup; timeline-service merges it
 * with its own and passes it on.
 */
public final class DegradedHeader {

    public static final String NAME = "Chirp-Degraded";

    /** Some tweets were left out: their bodies were neither cached nor readable. */
    public static final String TWEETS = "tweets";
    /** Some {@code like_count}, {@code reply_count} or {@code liked_by_me} are null because they could not be read. */
    public static final String ENGAGEMENT = "engagement";
    /** Some authors carry only their ID: their cards could not be read. */
    public static final String AUTHORS = "authors";
    /**
     * The home timeline in Redis could not be read; the page holds what a rebuild would (the newest tweets of each
     * followee, bounded per author, from Cassandra), so entries older than those can be missing.
     */
    public static final String TIMELINE = "timeline";
    /** The tweets of followed celebrities (merged at read time) could not be read and are missing. */
    public static final String CELEBRITIES = "celebrities";

    private DegradedHeader() {
    }

    /** The header's value, the parts sorted; null when nothing is missing (then the header is left out). */
    public static @Nullable String format(Collection<String> parts) {
        return parts.isEmpty() ? null : String.join(", ", new TreeSet<>(parts));
    }

    public static Set<String> parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(part -> !part.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
