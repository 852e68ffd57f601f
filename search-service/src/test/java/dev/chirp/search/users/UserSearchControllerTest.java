package dev.chirp.search.users;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import dev.chirp.search.elastic.ScoredSearch.PageOfIds;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.web.PageRequest;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code GET /api/v1/search/users} in a web slice: public, the page is checked before the search is asked, the hits
 * are rendered for the token's user (if any) with the search's next cursor, and what the search refuses (the query)
 * is a 400 problem. The search and the user lookup are mocked; the query rules are UserSearch's.
 */
@ChirpWebSlice(UserSearchController.class)
class UserSearchControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    UserSearch search;
    @MockitoBean
    UserHitClient lookup;

    @Test
    void hitsAreRenderedForTheTokensUserWithTheNextCursor() throws Exception {
        JsonNode bob = JsonNodeFactory.instance.objectNode().put("handle", "bob_1");
        when(search.search(eq("bob"), any())).thenReturn(new PageOfIds(List.of(3L), "next-page"));
        when(lookup.users(List.of(3L), 7L)).thenReturn(List.of(bob));

        mvc.perform(get("/api/v1/search/users?q=bob").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].handle").value("bob_1"))
                .andExpect(jsonPath("$.next_cursor").value("next-page"));

        verify(lookup).users(List.of(3L), 7L);
    }

    @Test
    void anAnonymousSearchIsAllowedAndRenderedForNobody() throws Exception {
        when(search.search(any(), any())).thenReturn(new PageOfIds(List.of(3L), null));

        mvc.perform(get("/api/v1/search/users?q=bob")).andExpect(status().isOk());

        verify(lookup).users(List.of(3L), null);
    }

    @Test
    void theLimitIsPassedToTheSearchAndDefaultsTo20() throws Exception {
        when(search.search(any(), any())).thenReturn(new PageOfIds(List.of(), null));

        mvc.perform(get("/api/v1/search/users?q=bob&limit=5")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/search/users?q=bob")).andExpect(status().isOk());

        verify(search).search("bob", new PageRequest(5, null));
        verify(search).search("bob", new PageRequest(20, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor"})
    void aBadPageIs400BeforeSearching(String query) throws Exception {
        mvc.perform(get("/api/v1/search/users?q=bob&" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(search, lookup);
    }

    @Test
    void whatTheSearchRefusesIsA400ProblemNamingTheFieldAndNobodyIsLookedUp() throws Exception {
        when(search.search(any(), any())).thenThrow(ApiException.invalid("q", "must not be empty"));

        mvc.perform(get("/api/v1/search/users?q="))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("q"));
        verifyNoInteractions(lookup);
    }

    @Test
    void aForgedTokenIs401EvenThoughTheSearchIsPublic() throws Exception {
        mvc.perform(get("/api/v1/search/users?q=bob").header("Authorization",
                        "Bearer " + TestTokens.signedByStranger(7)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(search, lookup);
    }
}
