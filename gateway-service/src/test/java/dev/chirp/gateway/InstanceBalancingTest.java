package dev.chirp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.StubInstance;
import dev.chirp.testsupport.web.StubInstance.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two instances of a service behind the gateway: requests take them in turn, a stopped one is passed over whatever
 * the method, and what may have reached a service is sent again only when reading twice is harmless (GET). The
 * gateway's Redis is a closed port (its rate limits fail open), so this needs no server but its own stand-ins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceBalancingTest {

    private final FakeService keys = new FakeService("user")
            .serving("/.well-known/jwks.json", TestTokens::jwks);
    /** tweet-service: both running, answering as each test tells them */
    private final StubInstance tweetA = new StubInstance("tweet-a");
    private final StubInstance tweetB = new StubInstance("tweet-b");
    /** timeline-, user- and media-service: the second instance of each is stopped */
    private final StubInstance timeline = new StubInstance("timeline-a");
    private final StubInstance stoppedTimeline = new StubInstance("timeline-b");
    private final StubInstance user = new StubInstance("user-a");
    private final StubInstance stoppedUser = new StubInstance("user-b");
    private final StubInstance media = new StubInstance("media-a");
    private final StubInstance stoppedMedia = new StubInstance("media-b");

    private ConfigurableApplicationContext gateway;
    private WebTestClient client;

    @BeforeAll
    void start() {
        Stream.of(stoppedTimeline, stoppedUser, stoppedMedia).forEach(StubInstance::stop);
        gateway = new SpringApplicationBuilder(GatewayServiceApplication.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.data.redis.port=" + FakeService.closedPort(),
                "--chirp.gateway.auth.jwks-uri=" + keys.uri() + "/.well-known/jwks.json",
                "--chirp.gateway.services.tweet=" + tweetA.uri() + "," + tweetB.uri(),
                "--chirp.gateway.services.timeline=" + timeline.uri() + "," + stoppedTimeline.uri(),
                "--chirp.gateway.services.user=" + user.uri() + "," + stoppedUser.uri(),
                "--chirp.gateway.services.media=" + stoppedMedia.uri() + "," + media.uri(),
                "--chirp.gateway.services.search=http://127.0.0.1:" + FakeService.closedPort());
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        gateway.close();
        Stream.of(tweetA, tweetB, timeline, user, media).forEach(StubInstance::stop);
    }

    @BeforeEach
    void bothTweetInstancesAnswer() {
        tweetA.answering(Answer.OK);
        tweetB.answering(Answer.OK);
    }

    @Test
    void requestsTakeTheInstancesInTurn() {
        int gets = tweetA.received().size() + tweetB.received().size();
        for (int i = 0; i < 6; i++) {
            call(HttpMethod.GET, "/api/v1/tweets/1").expectStatus().isOk();
        }
        for (int i = 0; i < 4; i++) {
            call(HttpMethod.POST, "/api/v1/tweets").expectStatus().isOk();
        }
        assertThat(count(tweetA, "GET /api/v1/tweets/1")).isEqualTo(3);
        assertThat(count(tweetB, "GET /api/v1/tweets/1")).isEqualTo(3);
        assertThat(count(tweetA, "POST /api/v1/tweets")).isEqualTo(2);
        assertThat(count(tweetB, "POST /api/v1/tweets")).isEqualTo(2);
        assertThat(tweetA.received().size() + tweetB.received().size()).isEqualTo(gets + 10);
    }

    @Test
    void aStoppedInstanceIsPassedOverWhateverTheMethod() {
        // Four of each: the instances are taken in turn, so at least two of them are sent to the stopped one first.
        for (int i = 0; i < 4; i++) {
            call(HttpMethod.GET, "/api/v1/timeline/home").expectStatus().isOk()
                    .expectBody().jsonPath("$.instance").isEqualTo("timeline-a");
            call(HttpMethod.GET, "/api/v1/stream").expectStatus().isOk();
            call(HttpMethod.GET, "/api/v1/users/7").expectStatus().isOk()
                    .expectBody().jsonPath("$.instance").isEqualTo("user-a");
            call(HttpMethod.PATCH, "/api/v1/users/me").expectStatus().isOk()
                    .expectBody().jsonPath("$.instance").isEqualTo("user-a");
            call(HttpMethod.DELETE, "/api/v1/users/7/follow").expectStatus().isOk();
            call(HttpMethod.POST, "/api/v1/media").expectStatus().isOk()
                    .expectBody().jsonPath("$.instance").isEqualTo("media-a");
        }
        assertThat(count(timeline, "GET /api/v1/timeline/home")).isEqualTo(4);
        assertThat(count(timeline, "GET /api/v1/stream")).isEqualTo(4);
        assertThat(count(user, "PATCH /api/v1/users/me")).isEqualTo(4);
        assertThat(count(user, "DELETE /api/v1/users/7/follow")).isEqualTo(4);
        assertThat(count(media, "POST /api/v1/media")).isEqualTo(4);
    }

    @Test
    void aGetIsAnsweredByTheOtherInstanceWhenOneIsUnavailable() {
        tweetA.answering(Answer.UNAVAILABLE);
        for (int i = 0; i < 4; i++) {
            call(HttpMethod.GET, "/api/v1/tweets/2").expectStatus().isOk()
                    .expectBody().jsonPath("$.instance").isEqualTo("tweet-b");
        }
        assertThat(count(tweetB, "GET /api/v1/tweets/2")).isEqualTo(4);
    }

    @Test
    void aPostThatGotA503IsNotSentAgainButAGetIsOnce() {
        tweetA.answering(Answer.UNAVAILABLE);
        tweetB.answering(Answer.UNAVAILABLE);

        call(HttpMethod.POST, "/api/v1/tweets/3/replies").expectStatus().isEqualTo(503);
        assertThat(count(tweetA, "POST /api/v1/tweets/3/replies") + count(tweetB, "POST /api/v1/tweets/3/replies"))
                .isEqualTo(1);

        call(HttpMethod.GET, "/api/v1/tweets/3").expectStatus().isEqualTo(503);
        assertThat(count(tweetA, "GET /api/v1/tweets/3")).isEqualTo(1);
        assertThat(count(tweetB, "GET /api/v1/tweets/3")).isEqualTo(1);
    }

    @Test
    void aPostWhoseConnectionDroppedIsNotSentAgainButAGetIsOnce() {
        tweetA.answering(Answer.DROP);
        tweetB.answering(Answer.DROP);

        call(HttpMethod.POST, "/api/v1/tweets/4/replies").expectStatus().isEqualTo(503);
        assertThat(count(tweetA, "POST /api/v1/tweets/4/replies") + count(tweetB, "POST /api/v1/tweets/4/replies"))
                .isEqualTo(1);

        call(HttpMethod.GET, "/api/v1/tweets/4").expectStatus().isEqualTo(503);
        assertThat(count(tweetA, "GET /api/v1/tweets/4")).isEqualTo(1);
        assertThat(count(tweetB, "GET /api/v1/tweets/4")).isEqualTo(1);

        tweetA.answering(Answer.OK);
        for (int i = 0; i < 2; i++) {
            call(HttpMethod.GET, "/api/v1/tweets/5").expectStatus().isOk()
                    .expectBody().jsonPath("$.instance").isEqualTo("tweet-a");
        }
    }

    private WebTestClient.ResponseSpec call(HttpMethod method, String path) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(path)
                .header("Authorization", TestTokens.bearer(42));
        if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.PATCH)) {
            return request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"text\":\"hello\"}").exchange();
        }
        return request.exchange();
    }

    private static long count(StubInstance instance, String request) {
        List<String> received = instance.received();
        return received.stream().filter(request::equals).count();
    }
}
