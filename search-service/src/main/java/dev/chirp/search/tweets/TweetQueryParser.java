package dev.chirp.search.tweets;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.chirp.search.Keywords;
import dev.chirp.search.tweets.TweetQuery.From;
import dev.chirp.search.tweets.TweetQuery.Hashtag;
import dev.chirp.search.tweets.TweetQuery.Near;
import dev.chirp.search.tweets.TweetQuery.Phrase;
import dev.chirp.search.tweets.TweetQuery.Term;
import dev.chirp.search.tweets.TweetQuery.Word;
import dev.chirp.shared.error.ApiException;

/**
 * The tweet query language (module README): words, {@code "exact phrases"}, {@code #hashtag}, {@code from:handle},
 * {@code near:lat,lon,km}, separated by white space. Everything a client can get wrong is a 400 on {@code q} here,
 * so Elasticsearch only ever sees well-formed queries.
 */
final class TweetQueryParser {

    static final int MAX_LENGTH = 500;
    static final double MAX_RADIUS_KM = 20_000;

    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{1,15}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,9}(\\.\\d{1,12})?");
    private static final String FROM = "from:";
    private static final String NEAR = "near:";

    private TweetQueryParser() {
    }

    static TweetQuery parse(String q) {
        if (q == null || q.isBlank()) {
            throw invalid("must not be empty");
        }
        if (q.codePointCount(0, q.length()) > MAX_LENGTH) {
            throw invalid("must be at most " + MAX_LENGTH + " characters");
        }
        String text = Normalizer.normalize(q, Normalizer.Form.NFC);
        List<Term> terms = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw invalid("has an unbalanced quote");
                }
                String phrase = text.substring(i + 1, close).strip();
                if (phrase.isEmpty()) {
                    throw invalid("has an empty phrase");
                }
                terms.add(new Phrase(phrase));
                i = close + 1;
            } else {
                int end = i;
                while (end < text.length() && !isSpace(text.charAt(end)) && text.charAt(end) != '"') {
                    end++;
                }
                terms.add(term(text.substring(i, end)));
                i = end;
            }
        }
        if (terms.isEmpty()) {
            throw invalid("must not be empty");
        }
        if (terms.stream().filter(Near.class::isInstance).count() > 1) {
            throw invalid("may have only one near:");
        }
        return new TweetQuery(terms);
    }

    private static Term term(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (token.startsWith("#")) {
            return hashtag(token.substring(1));
        }
        if (lower.startsWith(FROM)) {
            String handle = token.substring(FROM.length());
            handle = handle.startsWith("@") ? handle.substring(1) : handle;
            if (!HANDLE.matcher(handle).matches()) {
                throw invalid("from: needs a handle of 1 to 15 letters, digits or underscores");
            }
            return new From(Keywords.normalize(handle));
        }
        if (lower.startsWith(NEAR)) {
            return near(lower.substring(NEAR.length()));
        }
        return new Word(token);
    }

    /** The tag is the run of letters, digits, marks and underscores after '#'; trailing punctuation is not part of it. */
    private static Hashtag hashtag(String afterHash) {
        int end = 0;
        while (end < afterHash.length()) {
            int cp = afterHash.codePointAt(end);
            if (!isTagCharacter(cp)) {
                break;
            }
            end += Character.charCount(cp);
        }
        if (end == 0) {
            throw invalid("# must be followed by a hashtag");
        }
        return new Hashtag(Keywords.normalize(afterHash.substring(0, end)));
    }

    static boolean isTagCharacter(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetterOrDigit(codePoint) || codePoint == '_'
                || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static Near near(String arguments) {
        String values = arguments.endsWith("km") ? arguments.substring(0, arguments.length() - 2) : arguments;
        String[] parts = values.split(",", -1);
        if (parts.length != 3) {
            throw invalid("near: takes latitude,longitude,kilometres, e.g. near:48.85,2.35,10");
        }
        double lat = decimal(parts[0], "near: latitude");
        double lon = decimal(parts[1], "near: longitude");
        double km = decimal(parts[2], "near: radius");
        if (lat < -90 || lat > 90) {
            throw invalid("near: latitude must be between -90 and 90");
        }
        if (lon < -180 || lon > 180) {
            throw invalid("near: longitude must be between -180 and 180");
        }
        if (km <= 0 || km > MAX_RADIUS_KM) {
            throw invalid("near: radius must be more than 0 and at most " + (int) MAX_RADIUS_KM + " km");
        }
        return new Near(lat, lon, km);
    }

    private static double decimal(String text, String what) {
        if (!DECIMAL.matcher(text).matches()) {
            throw invalid(what + " is not a decimal number");
        }
        return Double.parseDouble(text);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    private static ApiException invalid(String message) {
        return ApiException.invalid("q", message);
    }
}
