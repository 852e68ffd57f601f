package dev.chirp.user.counts;

/** One account's counts. */
public record Counts(long followers, long following, long tweets) {

    public static final Counts ZERO = new Counts(0, 0, 0);
}
