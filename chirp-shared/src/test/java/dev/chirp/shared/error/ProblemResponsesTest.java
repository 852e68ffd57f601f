package dev.chirp.shared.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/** The last resort of the error mapping: what is a server error, what is a dependency away, what is nobody's. */
class ProblemResponsesTest {

    private final ProblemResponses responses = new ProblemResponses();
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/internal/tweets");

    @Test
    void anAnswerTheCallerNoLongerWaitsForIsNotAServerError() {
        // As tweet-service logged it when timeline-service's read timed out: the JSON of the answer could not be
        // written to the closed connection.
        Exception wrapped = new HttpMessageNotWritableException("Could not write JSON",
                new AsyncRequestNotUsableException("ServletOutputStream failed to write",
                        new IOException("Connection reset by peer")));

        assertThat(responses.unexpected(wrapped, request)).isNull();
    }

    @Test
    void anUnknownFailureIsABare500() {
        var answer = responses.unexpected(new IllegalStateException("bug"), request);

        assertThat(answer).isNotNull();
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }
}
