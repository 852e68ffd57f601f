package dev.chirp.tweet.posting;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chirp.shared.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * The one place for the rules of tweet text (docs/03-api.md "text"): NFC normalisation, a length in Unicode code points,
 * no control characters but newline, no lone surrogates; and what the text mentions and tags.
 *
 * <p>Format characters such as RTL overrides or zero-width joiners are text, not control characters: they are kept.
 */
public record TweetText(String text, List<String> mentionedHandles, List<String> hashtags) {

    public static final int MAX_CODE_POINTS = 280;

    /** A handle (docs/03-api.md: 3..15 of [A-Za-z0-9_]) not glued to a word character on either side. */
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_@])@([A-Za-z0-9_]{3,15})(?![A-Za-z0-9_])");
    /** Letters (with their combining marks), digits and underscores, after a non-word character. */
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{M}\\p{N}_&#])#([\\p{L}\\p{M}\\p{N}_]+)");

    /**
     * Normalises and checks {@code raw} (null counts as empty); empty text is allowed only when the tweet carries
     * media. Mentioned handles are as written (the caller decides which belong to existing users); hashtags are
     * lower-cased, without {@code #}, deduplicated, in order of first appearance.
     */
    public static TweetText parse(@Nullable String raw, boolean hasMedia) {
        String input = raw == null ? "" : raw;
        rejectLoneSurrogates(input);
        String text = Normalizer.normalize(input, Normalizer.Form.NFC);
        rejectControlCharacters(text);
        int length = text.codePointCount(0, text.length());
        if (length > MAX_CODE_POINTS) {
            throw ApiException.invalid("text",
                    "must be at most " + MAX_CODE_POINTS + " characters (has " + length + ")");
        }
        if (text.isBlank() && !hasMedia) {
            throw ApiException.invalid("text", "must not be empty unless media is attached");
        }
        return new TweetText(text, mentions(text), hashtags(text));
    }

    private static void rejectLoneSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.invalid("text", "contains an unpaired surrogate (not valid Unicode)");
            }
        }
    }

    private static void rejectControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && Character.getType(c) == Character.CONTROL) {
                throw ApiException.invalid("text", String.format("contains the control character U+%04X", (int) c));
            }
        }
    }

    private static List<String> mentions(String text) {
        Set<String> handles = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find()) {
            String handle = matcher.group(1);
            if (seen.add(handle.toLowerCase(Locale.ROOT))) {
                handles.add(handle);
            }
        }
        return List.copyOf(handles);
    }

    private static List<String> hashtags(String text) {
        Set<String> tags = new LinkedHashSet<>();
        Matcher matcher = HASHTAG.matcher(text);
        while (matcher.find()) {
            String tag = matcher.group(1);
            if (tag.codePoints().anyMatch(Character::isLetter)) {
                tags.add(tag.toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(tags);
    }
}
