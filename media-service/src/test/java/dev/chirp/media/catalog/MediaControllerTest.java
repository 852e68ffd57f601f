package dev.chirp.media.catalog;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.chirp.media.storage.ObjectStore;
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
 * The public media reads in a web slice: the metadata, and the content and thumbnail as a 302 to a presigned URL that
 * is cached privately for half the link's lifetime; an ID that cannot be media or is unknown is 404 before anything is
 * signed. Catalog, views and object store are mocked.
 */
@ChirpWebSlice(MediaController.class)
class MediaControllerTest {

    private static final StoredMedia IMAGE = new StoredMedia(42, 7, "image/png", 640, 480, 1234, "objects/42",
            "thumbnails/42", Instant.parse("2026-01-01T00:00:00Z"));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    MediaCatalog catalog;
    @MockitoBean
    MediaViews views;
    @MockitoBean
    ObjectStore store;

    @Test
    void theMetadataIsPublic() throws Exception {
        when(catalog.find(42)).thenReturn(Optional.of(IMAGE));
        when(views.view(IMAGE)).thenReturn(new MediaView("42", "image", "image/png", 640, 480, 1234,
                "http://media/api/v1/media/42/content", "http://media/api/v1/media/42/thumbnail"));

        mvc.perform(get("/api/v1/media/42"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("42"))
                .andExpect(jsonPath("$.content_type").value("image/png"));
    }

    @Test
    void theContentIsARedirectToAPresignedUrlCachedForHalfItsLifetime() throws Exception {
        when(catalog.find(42)).thenReturn(Optional.of(IMAGE));
        when(store.presignedGet("objects/42")).thenReturn("https://s3.example/objects/42?signature=x");
        when(store.linkLifetime()).thenReturn(Duration.ofMinutes(10));

        mvc.perform(get("/api/v1/media/42/content"))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "https://s3.example/objects/42?signature=x"))
                .andExpect(header().string("Cache-Control", "max-age=300, private"));
    }

    @Test
    void theThumbnailIsARedirectToThePresignedThumbnail() throws Exception {
        when(catalog.find(42)).thenReturn(Optional.of(IMAGE));
        when(store.presignedGet("thumbnails/42")).thenReturn("https://s3.example/thumbnails/42?signature=x");
        when(store.linkLifetime()).thenReturn(Duration.ofMinutes(10));

        mvc.perform(get("/api/v1/media/42/thumbnail"))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "https://s3.example/thumbnails/42?signature=x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "0", "1.5", "99999999999999999999999"})
    void anIdThatCannotBeMediaIs404ProblemAndNothingIsRead(String id) throws Exception {
        for (String path : new String[] {"", "/content", "/thumbnail"}) {
            mvc.perform(get("/api/v1/media/" + id + path))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verifyNoInteractions(catalog, views, store);
    }

    @Test
    void unknownMediaIs404ProblemAndNothingIsSigned() throws Exception {
        when(catalog.find(43)).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/media/43/content"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(store);
    }

    @Test
    void aForgedTokenIs401EvenThoughTheReadsArePublic() throws Exception {
        mvc.perform(get("/api/v1/media/42").header("Authorization", "Bearer " + TestTokens.signedByStranger(7)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(catalog, store);
    }
}
