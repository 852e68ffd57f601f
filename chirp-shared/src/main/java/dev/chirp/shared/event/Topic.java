package dev.chirp.shared.event;

/** Chirp's Kafka topics, by logical name; the physical name adds a configurable prefix ({@link Topics}). */
public enum Topic {
    /** Keyed by user ID. */
    USERS("users"),
    /** Keyed by followee ID, so all follows of one account are ordered. */
    FOLLOWS("follows"),
    /** Keyed by author ID. */
    TWEETS("tweets"),
    /** Keyed by tweet ID. */
    LIKES("likes");

    private final String suffix;

    Topic(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
