package dev.chirp.timeline.stream;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/stream} in a web slice: a stream is opened for the token's user until the token expires, on a
 * connection that is closed afterwards; without a valid token it is 401 and nothing is opened, and a refused stream
 * is 429 with {@code Retry-After}. The hub is mocked (it hands out an emitter that never sends); StreamIT streams
 * for real.
 */
@ChirpWebSlice(StreamController.class)
class StreamControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    StreamHub hub;

    @Test
    void aStreamIsOpenedForTheTokensUserUntilTheTokenExpires() throws Exception {
        Instant expiry = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        when(hub.open(anyLong(), any())).thenReturn(new SseEmitter());

        mvc.perform(get("/api/v1/stream").header("Authorization", "Bearer " + TestTokens.expiringAt(7, expiry)))
                .andExpect(status().isOk())
                .andExpect(request().asyncStarted())
                .andExpect(header().string("Connection", "close"));

        verify(hub).open(7L, expiry);
    }

    @Test
    void withoutAValidTokenTheStreamIs401AndNothingIsOpened() throws Exception {
        mvc.perform(get("/api/v1/stream"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/stream").header("Authorization", "Bearer " + TestTokens.expired(7)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/stream").header("Authorization", "Bearer " + TestTokens.signedByStranger(7)))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(hub);
    }

    @Test
    void aRefusedStreamIs429ProblemWithRetryAfterOfAtLeastOneSecond() throws Exception {
        when(hub.open(anyLong(), any())).thenThrow(new StreamsRefused("Too many streams.", Duration.ofSeconds(30)));

        mvc.perform(get("/api/v1/stream").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(429));

        doThrow(new StreamsRefused("Too many streams.", Duration.ZERO)).when(hub).open(anyLong(), any());
        mvc.perform(get("/api/v1/stream").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "1"));
    }
}
