package dev.chirp.tweet.tweets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;

class DeletedTweetsListenerIT extends TweetITBase {

    @Test
    void aDeletesEventAloneReplacesTheCachedBodyWithATombstone() {
        long author = newUser(uniqueHandle());
        String id = tweet(author, "cached, then deleted while Redis did not answer");
        assertThat(http.get("/api/v1/tweets/" + id, null).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/tweets/" + id, null).status()).as("served from the cache now").isEqualTo(200);

        // What a delete whose own tombstone write failed leaves behind: the event, and the body still cached.
        // The row is not even marked deleted here, so only the tombstone can turn the answer into a 404.
        publish(new TweetDeleted(Long.parseLong(id), author, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/api/v1/tweets/" + id, null).status()).isEqualTo(404));
    }

    @Test
    void otherEventsOfTheTopicLeaveTheCacheAlone() {
        long author = newUser(uniqueHandle());
        String kept = tweet(author, "a post that names \"TweetDeleted\" in its text");
        String deleted = tweet(author, "the one deleted");
        assertThat(http.get("/api/v1/tweets/" + kept, null).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/tweets/" + deleted, null).status()).isEqualTo(200);

        publish(new TweetDeleted(Long.parseLong(deleted), author, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/api/v1/tweets/" + deleted, null).status()).isEqualTo(404));
        // the listener took the records in order; the post before the delete was passed over, not tombstoned
        assertThat(http.get("/api/v1/tweets/" + kept, null).status()).isEqualTo(200);
    }
}
