package dev.chirp.tweet.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.chirp.shared.event.UserUpdated;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.tweet.TweetITBase;
import org.junit.jupiter.api.Test;

class UserProjectionIT extends TweetITBase {

    @Test
    void aHandleChangeMovesMentionsAndAuthorCards() {
        String oldHandle = uniqueHandle();
        long user = newUser(oldHandle);
        String id = tweet(user, "hello");
        String newHandle = uniqueHandle();
        publish(new UserUpdated(new UserSnapshot(user, newHandle, "Renamed", null, null, null, Instant.now())));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                http.get("/api/v1/tweets/" + id, null).json().get("author").get("handle").asString())
                .isEqualTo(newHandle));
        assertThat(http.get("/api/v1/users/@" + oldHandle + "/tweets", null).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/@" + newHandle + "/tweets", null).json().get("items")).hasSize(1);

        var mentions = post(anyUserId(), Map.of("text", "hi @" + oldHandle + " @" + newHandle)).json()
                .get("mentions");
        assertThat(mentions).hasSize(1);
        assertThat(mentions.get(0).get("handle").asString()).isEqualTo(newHandle);
    }

    @Test
    void aPoisonMessageIsSkippedAndLaterEventsStillApply() {
        long id = anyUserId();
        publishRaw("users", Long.toString(id), "{not json");
        publishRaw("users", Long.toString(id), "{\"type\":\"SomethingNew\",\"version\":1}");
        publishRaw("users", Long.toString(id), "{\"type\":\"UserCreated\",\"version\":1}");
        String handle = uniqueHandle();
        newUser(id, handle);
        assertThat(http.get("/api/v1/users/@" + handle + "/tweets", null).status()).isEqualTo(200);
    }
}
