package dev.chirp.search.tweets;

import java.util.List;

/**
 * A parsed tweet search: every term must hold (words are matched together, so they rank as a group).
 * Built only by {@link TweetQueryParser}, which guarantees the invariants noted on each term.
 */
record TweetQuery(List<Term> terms) {

    TweetQuery {
        terms = List.copyOf(terms);
    }

    sealed interface Term permits Word, Phrase, Hashtag, From, Near {
    }

    /** A free word, matched on the analysed text. */
    record Word(String text) implements Term {
    }

    /** {@code "exact phrase"}: the words in this order; never blank. */
    record Phrase(String text) implements Term {
    }

    /** {@code #tag}: normalised (NFC, lower case), without the {@code #}. */
    record Hashtag(String tag) implements Term {
    }

    /** {@code from:handle}: a valid handle, normalised, without {@code @}. */
    record From(String handle) implements Term {
    }

    /** {@code near:lat,lon,km}: coordinates in range and a radius in (0, {@value TweetQueryParser#MAX_RADIUS_KM}]. */
    record Near(double lat, double lon, double radiusKm) implements Term {
    }
}
