package dev.chirp.user.profile;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.testsupport.web.InternalCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code GET /internal/users} in a web slice: only a call signed with the service credential for exactly this request
 * reaches the views (a user token is not one); the IDs in the order asked (empty entries skipped) and the optional
 * viewer are the views' arguments, and more than 100 IDs, an ID that is not one or a bad viewer is a 400 naming the
 * parameter before anything is read. The views are mocked.
 */
@ChirpWebSlice(InternalUsersController.class)
class InternalUsersControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    UserViews views;

    @Test
    void aSignedLookupAnswersTheUsersInTheOrderAskedForTheViewer() throws Exception {
        when(views.of(List.of(9L, 8L), 7L)).thenReturn(List.of(new UserView("9", "bob_1", "Bob", null, null, null,
                Instant.parse("2026-01-01T00:00:00Z"), 1, 2, 3, true, null)));

        mvc.perform(InternalCalls.signedGet("/internal/users?ids=9,8&viewer=7"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].handle").value("bob_1"))
                .andExpect(jsonPath("$.items[0].followed_by_me").value(true));

        verify(views).of(List.of(9L, 8L), 7L);
    }

    @Test
    void withoutAViewerTheLookupIsForNobody() throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/users?ids=9")).andExpect(status().isOk());

        verify(views).of(List.of(9L), null);
    }

    @Test
    void withoutAValidServiceCredentialTheLookupIs401AndNothingIsRead() throws Exception {
        String path = "/internal/users?ids=9";
        InternalCalls.assertRefusedWithoutAValidCredential(mvc, path, path + "&viewer=7", path);
        verifyNoInteractions(views);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ids=abc", "ids=9,-2", "ids=0", "ids=1.5", "ids=9,,8", "ids=", "ids=9,"})
    void anIdThatIsNotAnIdIs400NamingIdsAndNothingIsRead(String query) throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/users?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        verifyNoInteractions(views);
    }

    @Test
    void moreThan100IdsIs400NamingIds() throws Exception {
        String ids = LongStream.rangeClosed(1, 101).mapToObj(Long::toString).collect(Collectors.joining(","));

        mvc.perform(InternalCalls.signedGet("/internal/users?ids=" + ids))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        verifyNoInteractions(views);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-7", "0"})
    void aViewerThatIsNotAnIdIs400NamingViewer(String viewer) throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/users?ids=9&viewer=" + viewer))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("viewer"));
        verifyNoInteractions(views);
    }

}
