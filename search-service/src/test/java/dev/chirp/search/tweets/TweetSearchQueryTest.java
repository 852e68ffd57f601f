package dev.chirp.search.tweets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How each term of the query language becomes Elasticsearch's query DSL (rendered as JSON by the client). */
class TweetSearchQueryTest {

    private static String dsl(String q) {
        return TweetSearch.toElasticsearch(TweetQueryParser.parse(q)).toString();
    }

    @Test
    void wordsAreOneMatchThatNeedsThemAll() {
        assertThat(dsl("flat white"))
                .contains("\"must\":[{\"match\":{\"text\":{\"operator\":\"and\",\"query\":\"flat white\"}}}]")
                .doesNotContain("filter");
    }

    @Test
    void phrasesScoreAndOperatorsOnlyFilter() {
        String dsl = dsl("\"flat white\" #Café from:Alice near:48.85,2.35,5");

        assertThat(dsl).contains("{\"match_phrase\":{\"text\":{\"query\":\"flat white\"}}}")
                .contains("{\"term\":{\"hashtags\":{\"value\":\"café\"}}}")
                .contains("{\"term\":{\"author_handle\":{\"value\":\"alice\"}}}")
                .contains("\"geo_distance\":{\"location\":{\"lat\":48.85,\"lon\":2.35},\"distance\":\"5.0km\"}");
        assertThat(dsl.indexOf("\"filter\"")).isPositive();
    }
}
