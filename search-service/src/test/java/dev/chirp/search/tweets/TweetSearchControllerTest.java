package dev.chirp.search.tweets;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import dev.chirp.search.elastic.ScoredSearch.PageOfIds;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code GET /api/v1/search/tweets} in a web slice: public, the query and page are checked before Elasticsearch is
 * asked, and the token's user (if any) is who the hits are rendered for. The search and the hit client are mocked;
 * TweetSearchIT searches a real index.
 */
@ChirpWebSlice(TweetSearchController.class)
class TweetSearchControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TweetSearch search;
    @MockitoBean
    TweetHitClient hits;

    @Test
    void hitsAreRenderedForTheTokensUser() throws Exception {
        when(search.search(any(), any())).thenReturn(new PageOfIds(List.of(11L), null));
        when(hits.tweets(List.of(11L), 7L)).thenReturn(List.of());

        mvc.perform(get("/api/v1/search/tweets?q=hello").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isArray());

        verify(hits).tweets(List.of(11L), 7L);
    }

    @Test
    void anAnonymousSearchIsAllowedAndRenderedForNobody() throws Exception {
        when(search.search(any(), any())).thenReturn(new PageOfIds(List.of(11L), null));

        mvc.perform(get("/api/v1/search/tweets?q=hello")).andExpect(status().isOk());

        verify(hits).tweets(List.of(11L), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?q=", "?q=hello&limit=0", "?q=hello&limit=abc",
            "?q=hello&cursor=not-a-cursor"})
    void aMissingOrBlankQueryOrABadPageIs400BeforeSearching(String query) throws Exception {
        mvc.perform(get("/api/v1/search/tweets" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(search);
    }

    @Test
    void aBlankQueryIs400NamingQ() throws Exception {
        mvc.perform(get("/api/v1/search/tweets").param("q", "   "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("q"));
        verifyNoInteractions(search);
    }

    @Test
    void anOversizedQueryIs400NamingQ() throws Exception {
        mvc.perform(get("/api/v1/search/tweets?q=" + "a".repeat(501)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("q"));
        verifyNoInteractions(search);
    }
}
