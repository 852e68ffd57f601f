package dev.chirp.timeline.notifications;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
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

/** {@code GET /api/v1/notifications} in a web slice; the store and the views are mocked (NotificationsIT's job). */
@ChirpWebSlice(NotificationController.class)
class NotificationControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    NotificationStore store;
    @MockitoBean
    NotificationViews views;

    @Test
    void theTokensUsersNotificationsAreReadOneMoreThanThePageToKnowIfThereIsANext() throws Exception {
        when(store.newest(eq(7L), isNull(), anyInt())).thenReturn(new NotificationStore.Found(List.of(), null));
        when(views.render(anyList())).thenReturn(List.of());

        mvc.perform(get("/api/v1/notifications?limit=5").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isArray());

        verify(store).newest(7L, null, 6);
    }

    @Test
    void withoutATokenItIs401() throws Exception {
        mvc.perform(get("/api/v1/notifications"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(store);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "cursor=not-a-cursor"})
    void aBadLimitOrCursorIs400(String query) throws Exception {
        mvc.perform(get("/api/v1/notifications?" + query).header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(store);
    }
}
