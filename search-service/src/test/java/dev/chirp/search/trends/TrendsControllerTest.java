package dev.chirp.search.trends;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

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
 * {@code GET /api/v1/trends} in a web slice: public, 10 hashtags unless a limit of 1..100 says otherwise (checked
 * before the counts are read), over the one-hour window. The trending hashtags are mocked; their ranking is
 * TrendRanking's.
 */
@ChirpWebSlice(TrendsController.class)
class TrendsControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TrendingHashtags trending;

    @Test
    void theTopTenHashtagsOfTheLastHourArePublic() throws Exception {
        when(trending.top(10)).thenReturn(List.of(new TrendRanking.Trend("chirp", 12)));

        mvc.perform(get("/api/v1/trends"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].hashtag").value("chirp"))
                .andExpect(jsonPath("$.items[0].tweet_count").value(12))
                .andExpect(jsonPath("$.window").value("PT1H"));
    }

    @Test
    void aLimitAsksForThatManyHashtags() throws Exception {
        when(trending.top(3)).thenReturn(List.of());

        mvc.perform(get("/api/v1/trends?limit=3").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty());

        verify(trending).top(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=-1", "limit=abc"})
    void aBadLimitIs400BeforeTheCountsAreRead(String query) throws Exception {
        mvc.perform(get("/api/v1/trends?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(trending);
    }

    @Test
    void aForgedTokenIs401EvenThoughTrendsArePublic() throws Exception {
        mvc.perform(get("/api/v1/trends").header("Authorization", "Bearer " + TestTokens.hmacWithPublicKey(7)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(trending);
    }
}
