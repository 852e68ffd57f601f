package dev.chirp.media.upload;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chirp.media.catalog.MediaViews;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code POST /api/v1/media} in a web slice: only a multipart body with a valid token reaches the uploader. The
 * uploader, which reads and checks the image as it streams in, is mocked; RefusedUploadIT and UploadIT are its tests.
 */
@ChirpWebSlice(UploadController.class)
class UploadControllerTest {

    private static final String MULTIPART = "multipart/form-data; boundary=b";
    private static final String BODY = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
            + "Content-Type: image/png\r\n\r\nnot really a png\r\n--b--\r\n";


    @Autowired
    MockMvc mvc;
    @MockitoBean
    MediaUploader uploader;
    @MockitoBean
    MediaViews views;

    @Test
    void anUploadWithoutAValidTokenIs401AndReadsNothing() throws Exception {
        mvc.perform(post("/api/v1/media").contentType(MULTIPART).content(BODY))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/v1/media").header("Authorization", "Bearer " + TestTokens.hmacWithPublicKey(7))
                        .contentType(MULTIPART).content(BODY))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(uploader);
    }

    @Test
    void anUploadThatIsNotMultipartIs415Problem() throws Exception {
        mvc.perform(post("/api/v1/media").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"file\":\"x\"}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(uploader);
    }
}
