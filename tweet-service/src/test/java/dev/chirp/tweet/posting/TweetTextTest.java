package dev.chirp.tweet.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chirp.shared.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TweetTextTest {

    private static final String EMOJI = "\uD83D\uDE00"; // 😀, two UTF-16 units, one code point
    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧: 5 code points

    @Test
    void twoHundredEightyEmojiAreATweet() {
        assertThat(TweetText.parse(EMOJI.repeat(280), false).text()).isEqualTo(EMOJI.repeat(280));
    }

    @Test
    void twoHundredEightyOneEmojiAreNot() {
        assertInvalid(EMOJI.repeat(281), false, "text");
    }

    @Test
    void lengthIsCountedInCodePointsOfAscii() {
        assertThat(TweetText.parse("a".repeat(280), false).text()).hasSize(280);
        assertInvalid("a".repeat(281), false, "text");
    }

    @Test
    void combiningSequencesAreCountedAfterNfc() {
        String decomposed = "e\u0301".repeat(280); // 560 code points, 280 after NFC
        TweetText text = TweetText.parse(decomposed, false);
        assertThat(text.text()).isEqualTo("\u00e9".repeat(280));
        assertThat(text.text().codePointCount(0, text.text().length())).isEqualTo(280);
    }

    @Test
    void combiningMarksWithoutAPrecomposedFormStillCount() {
        String qDot = "q\u0307"; // no precomposed form: stays two code points
        assertThat(TweetText.parse(qDot.repeat(140), false).text()).isEqualTo(qDot.repeat(140));
        assertInvalid(qDot.repeat(140) + "x", false, "text");
    }

    @Test
    void zwjSequencesCountEveryCodePoint() {
        assertThat(TweetText.parse(FAMILY.repeat(56), false).text()).isEqualTo(FAMILY.repeat(56));
        assertInvalid(FAMILY.repeat(56) + "x", false, "text");
    }

    @Test
    void newlinesAreKept() {
        assertThat(TweetText.parse("line one\nline two", false).text()).isEqualTo("line one\nline two");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\t", "\r", "\u001b", "\u007f", "\u0085", "\u009f"})
    void controlCharactersAreRefused(String control) {
        assertInvalid("hello" + control + "world", false, "text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202e", "\u202d", "\u200f", "\u200b", "\u200d", "\ufeff", "\u2066"})
    void formatCharactersSuchAsRtlOverridesAreText(String format) {
        assertThat(TweetText.parse("abc" + format + "def", false).text()).isEqualTo("abc" + format + "def");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "\udc00", "x\ud83dy", "\ude00\ud83d"})
    void loneSurrogatesAreRefused(String broken) {
        assertInvalid("ok " + broken, false, "text");
    }

    @Test
    void emptyTextNeedsMedia() {
        assertInvalid("", false, "text");
        assertInvalid(null, false, "text");
        assertInvalid("   \n ", false, "text");
        assertThat(TweetText.parse("", true).text()).isEmpty();
        assertThat(TweetText.parse(null, true).text()).isEmpty();
    }

    @Test
    void mentionsAreHandlesOfThreeToFifteenWordCharacters() {
        TweetText text = TweetText.parse("@alice hi @Bob_1, @al @abcdefghijklmnop mail@carol.example (@dave)", false);
        assertThat(text.mentionedHandles()).containsExactly("alice", "Bob_1", "dave");
    }

    @Test
    void mentionsAreDeduplicatedCaseInsensitively() {
        assertThat(TweetText.parse("@Alice @alice @ALICE @bob", false).mentionedHandles())
                .containsExactly("Alice", "bob");
    }

    @Test
    void hashtagsAreLowerCasedDeduplicatedAndKeepTheirOrder() {
        TweetText text = TweetText.parse("#Java is #fun, #JAVA #java #Spring_Boot", false);
        assertThat(text.hashtags()).containsExactly("java", "fun", "spring_boot");
    }

    @Test
    void hashtagsTakeUnicodeLettersAndDigits() {
        TweetText text = TweetText.parse("#日本語 #Ünïcödé #café2026 #हिन्दी", false);
        assertThat(text.hashtags()).containsExactly("日本語", "ünïcödé", "café2026", "हिन्दी");
    }

    @Test
    void hashtagsUseTheRootLocale() {
        assertThat(TweetText.parse("#TITLE #İstanbul", false).hashtags()).containsExactly("title", "i\u0307stanbul");
    }

    @Test
    void somethingThatIsNotAHashtag() {
        TweetText text = TweetText.parse("#123 a#b &#39; # #-x ##double #tag-rest", false);
        assertThat(text.hashtags()).containsExactly("tag");
    }

    @Test
    void injectionStringsAreJustText() {
        String sql = "'); DROP TABLE tweets_by_id; -- <script>alert(1)</script>";
        assertThat(TweetText.parse(sql, false).text()).isEqualTo(sql);
    }

    private static void assertInvalid(String raw, boolean hasMedia, String field) {
        assertThatThrownBy(() -> TweetText.parse(raw, hasMedia))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.errors()).extracting(p -> p.field()).containsExactly(field);
                });
    }
}
