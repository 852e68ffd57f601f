package dev.chirp.timeline.home;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;

import dev.chirp.shared.web.Page;
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

/**
 * {@code GET /api/v1/timeline/home} in a web slice: the token's user is the one read, limit and cursor are checked
 * before the reader is reached, and the page carries Server-Timing. The reader is mocked; HomeTimelineIT reads real
 * timelines.
 */
@ChirpWebSlice(HomeTimelineController.class)
class HomeTimelineControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    HomeTimelineReader reader;

    @Test
    void theTokensUsersTimelineIsReadWithTheDefaultPageSize() throws Exception {
        when(reader.read(eq(7L), eq(20), isNull(), any()))
                .thenReturn(new HomeTimelineReader.HomePage(new Page<JsonNode>(List.of(), null), Set.of()));

        mvc.perform(get("/api/v1/timeline/home").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isArray())
                .andExpect(header().exists("Server-Timing"))
                .andExpect(header().doesNotExist("Chirp-Degraded"));
    }

    @Test
    void aPageServedWhileAStoreIsAwaySaysWhatItLacks() throws Exception {
        when(reader.read(eq(7L), eq(20), isNull(), any())).thenReturn(new HomeTimelineReader.HomePage(
                new Page<JsonNode>(List.of(), null), Set.of("engagement", "celebrities")));

        mvc.perform(get("/api/v1/timeline/home").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(header().string("Chirp-Degraded", "celebrities, engagement"));
    }

    @Test
    void withoutAValidTokenItIs401() throws Exception {
        for (String authorization : new String[] {null, "Bearer garbage", "Bearer " + TestTokens.expired(7),
                "Bearer " + TestTokens.unsigned(7)}) {
            mvc.perform(authorization == null ? get("/api/v1/timeline/home")
                            : get("/api/v1/timeline/home").header("Authorization", authorization))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verifyNoInteractions(reader);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1e3", "cursor=not-a-cursor"})
    void aBadLimitOrCursorIs400NamingTheFieldAndReadsNothing(String query) throws Exception {
        mvc.perform(get("/api/v1/timeline/home?" + query).header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value(org.hamcrest.Matchers.oneOf("limit", "cursor")));
        verifyNoInteractions(reader);
    }
}
