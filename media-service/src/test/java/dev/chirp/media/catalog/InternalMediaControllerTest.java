package dev.chirp.media.catalog;

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
 * {@code GET /internal/media} in a web slice: only a call signed with the service credential for exactly this request
 * reaches the catalog (a user token is not one), IDs that are not IDs are left out, and more than 100 IDs or none is a
 * 400 before the catalog is asked. Catalog and views are mocked.
 */
@ChirpWebSlice(InternalMediaController.class)
class InternalMediaControllerTest {

    private static final StoredMedia IMAGE = new StoredMedia(42, 7, "image/png", 640, 480, 1234, "objects/42",
            "thumbnails/42", Instant.parse("2026-01-01T00:00:00Z"));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    MediaCatalog catalog;
    @MockitoBean
    MediaViews views;

    @Test
    void aSignedLookupAnswersTheOwnedViewsOfTheKnownIds() throws Exception {
        when(catalog.findAll(List.of(42L, 43L))).thenReturn(List.of(IMAGE));
        when(views.ownedView(IMAGE)).thenReturn(new OwnedMediaView("42", "image", "image/png", 640, 480, 1234,
                "http://media/api/v1/media/42/content", "http://media/api/v1/media/42/thumbnail", "7"));

        mvc.perform(InternalCalls.signedGet("/internal/media?ids=42,43"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("42"))
                .andExpect(jsonPath("$.items[0].owner_id").value("7"))
                .andExpect(jsonPath("$.next_cursor").doesNotExist());

        verify(catalog).findAll(List.of(42L, 43L));
    }

    @Test
    void withoutAValidServiceCredentialTheLookupIs401AndNothingIsRead() throws Exception {
        String path = "/internal/media?ids=42";
        InternalCalls.assertRefusedWithoutAValidCredential(mvc, path, path, "/internal/media?ids=1");
        verifyNoInteractions(catalog, views);
    }

    @Test
    void moreThan100IdsIs400NamingIdsAndNothingIsRead() throws Exception {
        String ids = LongStream.rangeClosed(1, 101).mapToObj(Long::toString).collect(Collectors.joining(","));

        mvc.perform(InternalCalls.signedGet("/internal/media?ids=" + ids))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        verifyNoInteractions(catalog);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ids=42,abc,43", "ids=0", "ids=42,,43", "ids=", "ids=-1"})
    void anIdThatIsNotAnIdIs400NamingIdsAndNothingIsRead(String query) throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/media?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        verifyNoInteractions(catalog);
    }

    @Test
    void aLookupWithoutIdsIs400Problem() throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/media"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(catalog);
    }

}
