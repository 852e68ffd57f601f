package dev.chirp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import dev.chirp.client.ApiClient;
import dev.chirp.client.ApiException;
import dev.chirp.client.api.AccountsApi;
import dev.chirp.client.api.LikesApi;
import dev.chirp.client.api.MediaApi;
import dev.chirp.client.api.SearchApi;
import dev.chirp.client.api.SocialGraphApi;
import dev.chirp.client.api.TimelinesApi;
import dev.chirp.client.api.TweetsApi;
import dev.chirp.client.model.LikeState;
import dev.chirp.client.model.MediaView;
import dev.chirp.client.model.PostTweetRequest;
import dev.chirp.client.model.Session;
import dev.chirp.client.model.SignupRequest;
import dev.chirp.client.model.TweetView;
import org.junit.jupiter.api.Test;

/**
 * The story of StoryIT, told with nothing but the Java client that openapi-generator made from docs/openapi.json
 * (e2e-tests/pom.xml): if the document lies about a path, a parameter, a body or a field name, this fails.
 */
class GeneratedClientIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @Test
    void signUpFollowUploadPostReadLikeSearchDelete() throws Exception {
        Session alice = signUp("alice");
        Session bob = signUp("bob");
        ApiClient asAlice = client(alice);
        ApiClient asBob = client(bob);
        assertThat(new AccountsApi(asAlice).getMe().getHandle()).isEqualTo(alice.getUser().getHandle());

        assertThat(new SocialGraphApi(asBob).follow(alice.getUser().getId()).getFollowing()).isTrue();

        File photo = Files.createTempFile("chirp-e2e-", ".png").toFile();
        photo.deleteOnExit();
        Files.write(photo.toPath(), StoryIT.png(320, 200));
        MediaView media = new MediaApi(asAlice).uploadMedia(photo);
        assertThat(media.getWidth()).isEqualTo(320);
        assertThat(media.getContentType()).isEqualTo("image/png");

        String tag = "gen" + Chirp.handle("c").substring(2, 12).toLowerCase();
        TweetView tweet = new TweetsApi(asAlice).postTweet(new PostTweetRequest()
                .text("Made by a generated client #" + tag).mediaIds(List.of(media.getId())), null);
        assertThat(tweet.getAuthor().getId()).isEqualTo(alice.getUser().getId());
        assertThat(tweet.getHashtags()).containsExactly(tag);
        assertThat(tweet.getMedia()).singleElement().satisfies(m -> assertThat(m.getId()).isEqualTo(media.getId()));
        assertThat(tweet.getCreatedAt()).isNotNull();

        TimelinesApi bobsTimelines = new TimelinesApi(asBob);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(bobsTimelines.getHomeTimeline(20, null).getItems())
                .extracting(TweetView::getId).contains(tweet.getId()));

        LikeState liked = new LikesApi(asBob).likeTweet(tweet.getId());
        assertThat(liked.getLiked()).isTrue();
        assertThat(liked.getLikeCount()).isEqualTo(1L);

        SearchApi search = new SearchApi(asBob);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(search.searchTweets("#" + tag, 10, null).getItems())
                .extracting(TweetView::getId).containsExactly(tweet.getId()));

        TweetsApi alicesTweets = new TweetsApi(asAlice);
        alicesTweets.deleteTweet(tweet.getId());
        assertThatThrownBy(() -> alicesTweets.getTweet(tweet.getId()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("application/problem+json"));
                });
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(bobsTimelines.getHomeTimeline(20, null).getItems())
                .extracting(TweetView::getId).doesNotContain(tweet.getId()));
        await().atMost(EVENTUALLY).untilAsserted(() ->
                assertThat(search.searchTweets("#" + tag, 10, null).getItems()).isEmpty());
    }

    private static Session signUp(String name) throws ApiException {
        String handle = Chirp.handle(name);
        Session session = new AccountsApi(client(null)).signUp(new SignupRequest().handle(handle)
                .email(handle.toLowerCase() + "@e2e.example").password("correct horse battery").displayName(name));
        assertThat(session.getTokenType()).isEqualTo("Bearer");
        return session;
    }

    /** The generated "native" client has no bearer support of its own: the token goes in with an interceptor. */
    private static ApiClient client(Session session) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(Chirp.BASE);
        client.setReadTimeout(Duration.ofSeconds(10));
        if (session != null) {
            client.setRequestInterceptor(
                    request -> request.header("Authorization", "Bearer " + session.getAccessToken()));
        }
        return client;
    }
}
