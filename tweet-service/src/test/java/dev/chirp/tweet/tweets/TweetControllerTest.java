package dev.chirp.tweet.tweets;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.tweet.users.UserProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Reading and deleting tweets in a web slice: reads need no token, deletes do and delete as the token's user, an ID
 * that cannot be a tweet is 404 and a bad page is 400 before any store is asked. Collaborators are mocked.
 */
@ChirpWebSlice(TweetController.class)
class TweetControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TweetReader reader;
    @MockitoBean
    TweetStore store;
    @MockitoBean
    TweetDeleter deleter;
    @MockitoBean
    UserProjection users;

    @Test
    void aDeleteIsMadeAsTheTokensUserAndAnswers204() throws Exception {
        mvc.perform(delete("/api/v1/tweets/123456789").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isNoContent());
        verify(deleter).delete(123456789L, 7L);
    }

    @Test
    void aDeleteWithoutATokenIs401AndDeletesNothing() throws Exception {
        mvc.perform(delete("/api/v1/tweets/123456789"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/api/v1/tweets/123456789").header("Authorization",
                        "Bearer " + TestTokens.tampered(8, 7)))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(deleter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5", "99999999999999999999999"})
    void anIdThatCannotBeATweetIs404Problem(String id) throws Exception {
        mvc.perform(get("/api/v1/tweets/" + id))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verify(reader, org.mockito.Mockito.never()).view(anyLong(), org.mockito.ArgumentMatchers.any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor"})
    void aBadPageOfAUserTimelineIs400BeforeAnyStoreIsAsked(String query) throws Exception {
        mvc.perform(get("/api/v1/users/7/tweets?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(store);
    }
}
