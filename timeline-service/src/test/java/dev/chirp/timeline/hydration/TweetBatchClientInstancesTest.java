package dev.chirp.timeline.hydration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.chirp.shared.error.ApiException;
import dev.chirp.testsupport.web.StubInstance;
import dev.chirp.testsupport.web.StubInstance.Answer;
import dev.chirp.timeline.TimelineProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

/**
 * tweet-service as two instances behind {@link TweetBatchClient}: lookups take them in turn, a stopped one is passed
 * over, and a lookup that reached an instance is not sent to another one, whatever it answered.
 */
class TweetBatchClientInstancesTest {

    private final StubInstance first = new StubInstance("tweet-a");
    private final StubInstance second = new StubInstance("tweet-b");

    @AfterEach
    void stop() {
        Stream.of(first, second).forEach(StubInstance::stop);
    }

    @Test
    void lookupsTakeTheInstancesInTurn() {
        TweetBatchClient client = clientOf(first.uri() + "," + second.uri());
        for (int i = 0; i < 6; i++) {
            assertThat(client.hydrate(List.of(1L, 2L), 7L).tweets()).isEmpty();
        }
        assertThat(first.received()).hasSize(3).allMatch(request -> request.equals("GET /internal/tweets"));
        assertThat(second.received()).hasSize(3);
    }

    @Test
    void aStoppedInstanceIsPassedOver() {
        TweetBatchClient client = clientOf(first.uri() + "," + second.uri());
        second.stop();
        for (int i = 0; i < 4; i++) {
            client.hydrate(List.of(1L), 7L);
        }
        assertThat(first.received()).hasSize(4);
    }

    @Test
    void aLookupThatReachedAnInstanceIsNotSentToAnother() {
        TweetBatchClient client = clientOf(first.uri() + "," + second.uri());
        first.answering(Answer.UNAVAILABLE);
        second.answering(Answer.UNAVAILABLE);
        assertThatThrownBy(() -> client.hydrate(List.of(1L), 7L)).isInstanceOf(ApiException.class);
        assertThat(first.received().size() + second.received().size()).isEqualTo(1);

        int firstBefore = first.received().size();
        int secondBefore = second.received().size();
        first.answering(Answer.DROP);
        second.answering(Answer.DROP);
        assertThatThrownBy(() -> client.hydrate(List.of(1L), 7L)).isInstanceOf(ApiException.class);
        // The JDK's HTTP client itself sends a GET once more on the same connection target when the connection
        // closed before any answer; it never goes on to the other instance.
        assertThat(List.of(first.received().size() - firstBefore, second.received().size() - secondBefore))
                .containsOnlyOnce(0);
    }

    @Test
    void oneUrlIsOneInstanceAsBefore() {
        TweetBatchClient client = clientOf(first.uri().toString());
        for (int i = 0; i < 3; i++) {
            client.hydrate(List.of(1L), 7L);
        }
        assertThat(first.received()).hasSize(3);
        assertThat(second.received()).isEmpty();
    }

    /** The client as configured by {@code CHIRP_TIMELINE_TWEETSERVICE_BASEURL=<urls>}, comma-separated. */
    private static TweetBatchClient clientOf(String urls) {
        TimelineProperties properties = new Binder(new MapConfigurationPropertySource(
                // a read timeout well above the 5 s default: a loaded build machine must not fail a lookup here
                Map.of("chirp.timeline.tweet-service.base-url", urls,
                        "chirp.timeline.tweet-service.read-timeout", "30s")))
                .bindOrCreate("chirp.timeline", TimelineProperties.class);
        return new TweetBatchClient(RestClient.builder(), properties);
    }
}
