package dev.chirp.tweet.posting;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chirp.shared.error.ApiException;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.tweet.tweets.TweetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code POST /api/v1/tweets} in a web slice: the mapping, the answers given before the poster is reached (token,
 * media type, malformed or mistyped JSON), and the 201 with its Location. The poster is mocked; the text and media
 * rules it applies are TweetTextTest's and BadInputIT's. Security is the real chain with test keys.
 */
@ChirpWebSlice(PostingController.class)
class PostingControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TweetPoster poster;
    @MockitoBean
    TweetReader reader;

    @Test
    void aPostAnswers201WithTheNewTweetsLocationAndPostsAsTheCaller() throws Exception {
        when(poster.post(eq(7L), any(), eq("key-1"))).thenReturn(42L);

        mvc.perform(post("/api/v1/tweets").header("Authorization", TestTokens.bearer(7))
                        .header("Idempotency-Key", "key-1")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"hello\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/tweets/42"));

        verify(poster).post(eq(7L), eq(new PostTweetRequest("hello", null, null, null)), eq("key-1"));
    }

    @Test
    void withoutATokenThePostIs401AndNothingIsPosted() throws Exception {
        mvc.perform(post("/api/v1/tweets").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"hello\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(poster);
    }

    @Test
    void aForgedTokenIs401() throws Exception {
        mvc.perform(post("/api/v1/tweets").header("Authorization", "Bearer " + TestTokens.signedByStranger(7))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"hello\"}"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(poster);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":", "not json", "[1,2]", "{\"text\":\"hi\",\"media_ids\":{\"a\":1}}",
            "{\"text\":\"hi\",\"location\":{\"lat\":\"north\",\"lon\":1}}"})
    void malformedOrMistypedJsonIs400ProblemAndNothingIsPosted(String body) throws Exception {
        mvc.perform(post("/api/v1/tweets").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(poster);
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        mvc.perform(post("/api/v1/tweets").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(poster);
    }

    @Test
    void whatThePosterRefusesIsA400ProblemNamingTheField() throws Exception {
        when(poster.post(anyLong(), any(), any())).thenThrow(ApiException.invalid("text", "is too long"));

        mvc.perform(post("/api/v1/tweets").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"" + "a".repeat(281) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("text"));
    }
}
