package dev.chirp.tweet.internal;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.testsupport.web.InternalCalls;
import dev.chirp.tweet.tweets.TweetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code GET /internal/tweets} in a web slice: only a call signed with the service credential for exactly this request
 * reaches the reader (a user token is not one); the IDs, in the order asked, and the optional viewer are read as the
 * reader's arguments, and more than 100 IDs, an ID that is not one or a bad viewer is a 400 naming the parameter
 * before anything is read. The reader is mocked.
 */
@ChirpWebSlice(InternalTweetController.class)
class InternalTweetControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TweetReader reader;

    @Test
    void aSignedLookupReadsTheIdsInTheOrderAskedForTheViewer() throws Exception {
        when(reader.availableViews(List.of(12L, 11L), Optional.of(7L)))
                .thenReturn(new TweetReader.Lookup(List.of(), Set.of()));

        mvc.perform(InternalCalls.signedGet("/internal/tweets?ids=12,11&viewer=7"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isArray())
                .andExpect(header().doesNotExist("Chirp-Degraded"));

        verify(reader).availableViews(List.of(12L, 11L), Optional.of(7L));
    }

    @Test
    void withoutAViewerTheTweetsAreReadForNobody() throws Exception {
        when(reader.availableViews(List.of(11L), Optional.empty()))
                .thenReturn(new TweetReader.Lookup(List.of(), Set.of()));

        mvc.perform(InternalCalls.signedGet("/internal/tweets?ids=11")).andExpect(status().isOk());
        mvc.perform(InternalCalls.signedGet("/internal/tweets?ids=11&viewer=")).andExpect(status().isOk());

        verify(reader, org.mockito.Mockito.times(2)).availableViews(List.of(11L), Optional.empty());
    }

    @Test
    void aLookupServedWhileCassandraIsAwaySaysWhatItLacks() throws Exception {
        when(reader.availableViews(List.of(11L), Optional.of(7L)))
                .thenReturn(new TweetReader.Lookup(List.of(), Set.of("tweets", "engagement")));

        mvc.perform(InternalCalls.signedGet("/internal/tweets?ids=11&viewer=7"))
                .andExpect(status().isOk())
                .andExpect(header().string("Chirp-Degraded", "engagement, tweets"));
    }

    @Test
    void withoutAValidServiceCredentialTheLookupIs401AndNothingIsRead() throws Exception {
        String path = "/internal/tweets?ids=11";
        InternalCalls.assertRefusedWithoutAValidCredential(mvc, path, path + "&viewer=7", path);
        verifyNoInteractions(reader);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ids=abc", "ids=11,", "ids=11,-2", "ids=0", "ids=", "ids=1.5"})
    void anIdThatIsNotATweetIdIs400NamingIdsAndNothingIsRead(String query) throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/tweets?" + query))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        verifyNoInteractions(reader);
    }

    @Test
    void moreThan100IdsIs400NamingIds() throws Exception {
        String ids = LongStream.rangeClosed(1, 101).mapToObj(Long::toString).collect(Collectors.joining(","));

        mvc.perform(InternalCalls.signedGet("/internal/tweets?ids=" + ids))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        verifyNoInteractions(reader);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-7", "0"})
    void aViewerThatIsNotAUserIdIs400NamingViewer(String viewer) throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/tweets?ids=11&viewer=" + viewer))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("viewer"));
        verifyNoInteractions(reader);
    }

    @Test
    void aLookupWithoutIdsIs400Problem() throws Exception {
        mvc.perform(InternalCalls.signedGet("/internal/tweets"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(reader);
    }

}
