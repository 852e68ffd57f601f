package dev.chirp.tweet.likes;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.tweet.tweets.TweetReader;
import dev.chirp.tweet.users.UserProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Liking in a web slice: a like and an unlike need a token and are made as the token's user, an ID that cannot be a
 * tweet is 404, a user's likes are public, seen as the caller when there is one, and a bad page or an unknown user is
 * refused before the likes are read. Likes, reader and user projection are mocked.
 */
@ChirpWebSlice(LikeController.class)
class LikeControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Likes likes;
    @MockitoBean
    TweetReader reader;
    @MockitoBean
    UserProjection users;

    @Test
    void aLikeIsMadeAsTheTokensUserAndAnswersTheNewCount() throws Exception {
        when(likes.like(123456789L, 7L)).thenReturn(5L);

        mvc.perform(put("/api/v1/tweets/123456789/like").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.liked").value(true))
                .andExpect(jsonPath("$.like_count").value(5));

        verify(likes).like(123456789L, 7L);
    }

    @Test
    void anUnlikeIsMadeAsTheTokensUserAndAnswersTheNewCount() throws Exception {
        when(likes.unlike(123456789L, 7L)).thenReturn(4L);

        mvc.perform(delete("/api/v1/tweets/123456789/like").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.liked").value(false))
                .andExpect(jsonPath("$.like_count").value(4));

        verify(likes).unlike(123456789L, 7L);
    }

    @Test
    void likingOrUnlikingWithoutAValidTokenIs401AndChangesNothing() throws Exception {
        mvc.perform(put("/api/v1/tweets/123456789/like"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/api/v1/tweets/123456789/like"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(put("/api/v1/tweets/123456789/like").header("Authorization",
                        "Bearer " + TestTokens.signedByStranger(7)))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(likes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "0", "1.5", "99999999999999999999999"})
    void anIdThatCannotBeATweetIs404ProblemAndLikesNothing(String id) throws Exception {
        mvc.perform(put("/api/v1/tweets/" + id + "/like").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/api/v1/tweets/" + id + "/like").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(likes);
    }

    @Test
    void aUsersLikesArePublicAndReadFromTheNewestWithTheDefaultLimit() throws Exception {
        when(users.resolve("@bob_1")).thenReturn(Optional.of(9L));
        when(likes.likedBy(eq(9L), any(), eq(Long.MAX_VALUE), eq(20)))
                .thenReturn(new Likes.LikesPage(List.of(), Optional.empty()));
        when(reader.views(List.of(), Optional.empty())).thenReturn(List.of());

        mvc.perform(get("/api/v1/users/@bob_1/likes"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty())
                .andExpect(jsonPath("$.next_cursor").doesNotExist());

        verify(reader).views(List.of(), Optional.empty());
    }

    @Test
    void aUsersLikesAreSeenAsTheCallerWhenThereIsAToken() throws Exception {
        when(users.resolve("9")).thenReturn(Optional.of(9L));
        when(likes.likedBy(eq(9L), any(), eq(Long.MAX_VALUE), eq(5)))
                .thenReturn(new Likes.LikesPage(List.of(), Optional.empty()));

        mvc.perform(get("/api/v1/users/9/likes?limit=5").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk());

        verify(reader).views(List.of(), Optional.of(7L));
    }

    @Test
    void theLikesOfAnUnknownUserAre404Problem() throws Exception {
        when(users.resolve("@nobody")).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/users/@nobody/likes"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(likes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor"})
    void aBadPageOfAUsersLikesIs400BeforeAnythingIsRead(String query) throws Exception {
        when(users.resolve("9")).thenReturn(Optional.of(9L));

        mvc.perform(get("/api/v1/users/9/likes?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(likes);
    }
}
