package dev.chirp.gateway.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean "the service behind this route cannot answer" (503), as opposed to a bug of ours (500). */
class UpstreamFailuresTest {

    @Test
    void anOpenCircuitARefusedConnectionAndTimeoutsAreUnavailability() {
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(new ServiceUnavailableException())).isTrue();
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(BulkheadFullException.createBulkheadFullException(
                Bulkhead.ofDefaults("timeline")))).isTrue();
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(
                new IllegalStateException("wrapped", new ConnectException("refused")))).isTrue();
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(new TimeoutException())).isTrue();
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(
                new IllegalStateException("wrapped", PrematureCloseException.TEST_EXCEPTION))).isTrue();
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(
                new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT))).isTrue();
    }

    @Test
    void ourOwnBugsAreNot() {
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(new IllegalStateException("bug"))).isFalse();
        assertThat(ProblemExceptionHandler.isUpstreamUnavailable(
                new ResponseStatusException(HttpStatus.BAD_REQUEST))).isFalse();
    }
}
