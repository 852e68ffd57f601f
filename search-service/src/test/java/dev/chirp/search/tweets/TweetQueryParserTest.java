package dev.chirp.search.tweets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chirp.search.tweets.TweetQuery.From;
import dev.chirp.search.tweets.TweetQuery.Hashtag;
import dev.chirp.search.tweets.TweetQuery.Near;
import dev.chirp.search.tweets.TweetQuery.Phrase;
import dev.chirp.search.tweets.TweetQuery.Word;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.error.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TweetQueryParserTest {

    @Test
    void wordsAreWords() {
        assertThat(TweetQueryParser.parse("  hello   world ").terms())
                .containsExactly(new Word("hello"), new Word("world"));
    }

    @Test
    void quotedTextIsOnePhrase() {
        assertThat(TweetQueryParser.parse("say \" quick brown fox \" now").terms())
                .containsExactly(new Word("say"), new Phrase("quick brown fox"), new Word("now"));
    }

    @Test
    void aQuoteEndsAWord() {
        assertThat(TweetQueryParser.parse("a\"b c\"d").terms())
                .containsExactly(new Word("a"), new Phrase("b c"), new Word("d"));
    }

    @Test
    void hashtagsAreNormalisedAndStopAtPunctuationOrEmoji() {
        assertThat(TweetQueryParser.parse("#Café #日本🎉 #Go_Lang, #STRASSE").terms())
                .containsExactly(new Hashtag("café"), new Hashtag("日本"), new Hashtag("go_lang"),
                        new Hashtag("strasse"));
    }

    @Test
    void decomposedHashtagIsComposed() {
        assertThat(TweetQueryParser.parse("#Cafe\u0301").terms()).containsExactly(new Hashtag("café"));
    }

    @Test
    void fromTakesAHandleWithOrWithoutAt() {
        assertThat(TweetQueryParser.parse("from:Alice_1 FROM:@bob").terms())
                .containsExactly(new From("alice_1"), new From("bob"));
    }

    @Test
    void nearTakesLatLonAndKilometres() {
        assertThat(TweetQueryParser.parse("near:48.8566,2.3522,10").terms())
                .containsExactly(new Near(48.8566, 2.3522, 10));
        assertThat(TweetQueryParser.parse("near:-33.9,-151.2,0.5km").terms())
                .containsExactly(new Near(-33.9, -151.2, 0.5));
    }

    @Test
    void operatorsCombine() {
        assertThat(TweetQueryParser.parse("coffee \"flat white\" #café from:alice near:48.85,2.35,5").terms())
                .containsExactly(new Word("coffee"), new Phrase("flat white"), new Hashtag("café"),
                        new From("alice"), new Near(48.85, 2.35, 5));
    }

    @Test
    void injectionLookingTextIsJustWords() {
        assertThat(TweetQueryParser.parse("{\"query\":{\"match_all\":{}}}").terms())
                .containsExactly(new Word("{"), new Phrase("query"), new Word(":{"), new Phrase("match_all"),
                        new Word(":{}}}"));
    }

    @Test
    void exactlyFiveHundredCodePointsAreAccepted() {
        assertThat(TweetQueryParser.parse("😀".repeat(500)).terms()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u0000\t", "\"unbalanced", "ok \"still open", "\"\"", "\"   \"", "#", "#!!",
            "from:", "from:@", "from:bad-handle", "from:waytoolonghandle123", "near:", "near:1,2",
            "near:1,2,3,4", "near:abc,2,3", "near:91,0,5", "near:-91,0,5", "near:0,181,5", "near:0,-181,5",
            "near:0,0,0", "near:0,0,-5", "near:0,0,20001", "near:NaN,0,5", "near:0,Infinity,5", "near:1e3,0,5",
            "near:0x10,0,5", "near:0,0,5d", "near:1,1,1 near:2,2,2"})
    void malformedQueriesAreRefusedOnQ(String q) {
        assertThatThrownBy(() -> TweetQueryParser.parse(q))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("q");
                });
    }

    @Test
    void nullAndOverlongQueriesAreRefused() {
        assertThatThrownBy(() -> TweetQueryParser.parse(null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> TweetQueryParser.parse("a".repeat(501)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("500"));
    }
}
