package dev.chirp.user.social;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Optional;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.user.account.Account;
import dev.chirp.user.account.AccountStore;
import dev.chirp.user.graph.FollowStore;
import dev.chirp.user.profile.UserViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Following in a web slice: a token is required to follow, a page's limit is checked first. Stores are mocked. */
@ChirpWebSlice(FollowController.class)
class FollowControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    AccountStore accounts;
    @MockitoBean
    FollowStore graph;
    @MockitoBean
    UserViews views;
    @MockitoBean
    SuggestionFinder suggestions;

    @Test
    void aFollowIsMadeAsTheTokensUser() throws Exception {
        when(accounts.byReference("@bob_1")).thenReturn(Optional.of(account(9, "bob_1")));

        mvc.perform(put("/api/v1/users/@bob_1/follow").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.following").value(true));

        verify(graph).follow(7, 9);
    }

    @Test
    void followingWithoutATokenIs401AndFollowsNobody() throws Exception {
        mvc.perform(put("/api/v1/users/@bob_1/follow"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(put("/api/v1/users/@bob_1/follow").header("Authorization", "Bearer " + TestTokens.expired(7)))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(graph);
    }

    @Test
    void followingYourselfIs400() throws Exception {
        when(accounts.byReference("@me_7")).thenReturn(Optional.of(account(7, "me_7")));

        mvc.perform(put("/api/v1/users/@me_7/follow").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(graph);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor"})
    void aBadLimitOrCursorIs400BeforeAnythingIsRead(String query) throws Exception {
        when(accounts.byReference("@bob_1")).thenReturn(Optional.of(account(9, "bob_1")));

        mvc.perform(get("/api/v1/users/@bob_1/followers?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(graph);
    }

    private static Account account(long id, String handle) {
        return new Account(id, handle, handle + "@example.org", "hash", handle, null, null, null, null,
                Instant.now());
    }
}
