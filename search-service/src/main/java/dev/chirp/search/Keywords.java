package dev.chirp.search;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normal form of exact-match values (hashtags, handles): NFC, lower case in the root locale. The local
 * Elasticsearch build has no lowercase filter or normaliser, so documents and queries are normalised here, alike.
 */
public final class Keywords {

    private Keywords() {
    }

    public static String normalize(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
