package dev.chirp.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.Cursors;
import dev.chirp.testsupport.TestHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue #23: the follow edge is claimed first (a lightweight transaction) and the counts, list rows and event
 * follow. When a step after the claim fails, a retry of the same request must finish what the first one started.
 */
class InterruptedFollowIT extends UserITBase {

    @Test
    void aRetryFinishesAFollowInterruptedAfterItsClaim() {
        TestUser ann = signup("if_");
        TestUser bob = signup("if_");
        // what the first attempt left when the counter update after its claim timed out: the claim row alone
        long followId = ChirpIds.lowestAt(Instant.now()) + ThreadLocalRandom.current().nextInt(1, 1 << 20);
        session.execute("INSERT INTO follow_edges (follower_id, followee_id, follow_id) VALUES (?, ?, ?)",
                ann.id(), bob.id(), followId);

        for (int i = 0; i < 2; i++) {
            TestHttp.Response retry = call("PUT", "/api/v1/users/" + bob.id() + "/follow", ann.token(), null);
            assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        }

        assertThat(FollowIT.ids(get("/api/v1/users/" + bob.id() + "/followers", null))).containsExactly(ann.id());
        assertThat(FollowIT.ids(get("/api/v1/users/" + ann.id() + "/following", null))).containsExactly(bob.id());
        assertThat(get("/api/v1/users/" + bob.id(), null).json().get("followers_count").asLong()).isEqualTo(1);
        assertThat(get("/api/v1/users/" + ann.id(), null).json().get("following_count").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(followedEvents(ann.id(), bob.id())).hasSize(1));
        // and it stays one: no late second event from the second retry
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(followedEvents(ann.id(), bob.id())).hasSize(1));

        // an unfollow after the repair takes back exactly one
        assertThat(call("DELETE", "/api/v1/users/" + bob.id() + "/follow", ann.token(), null).status())
                .isEqualTo(200);
        assertThat(get("/api/v1/users/" + bob.id(), null).json().get("followers_count").asLong()).isZero();
        assertThat(get("/api/v1/users/" + ann.id(), null).json().get("following_count").asLong()).isZero();
    }

    @Test
    void anUnfollowOfAnInterruptedFollowCountsNothingNegative() {
        TestUser ann = signup("iu_");
        TestUser bob = signup("iu_");
        long followId = ChirpIds.lowestAt(Instant.now()) + ThreadLocalRandom.current().nextInt(1, 1 << 20);
        session.execute("INSERT INTO follow_edges (follower_id, followee_id, follow_id) VALUES (?, ?, ?)",
                ann.id(), bob.id(), followId);

        assertThat(call("DELETE", "/api/v1/users/" + bob.id() + "/follow", ann.token(), null).status())
                .isEqualTo(200);

        assertThat(get("/api/v1/users/" + bob.id(), null).json().get("followers_count").asLong()).isZero();
        assertThat(get("/api/v1/users/" + ann.id(), null).json().get("following_count").asLong()).isZero();
        assertThat(FollowIT.ids(get("/api/v1/users/" + bob.id() + "/followers", null))).isEmpty();
    }

    @Test
    void followListCursorsOutsideWhatCanExistAre400() {
        TestUser ann = signup("ic_");
        for (String cursor : List.of(Cursors.encode(Long.MAX_VALUE), Cursors.encode(0),
                Cursors.encode(ChirpIds.lowestAt(Instant.now().plus(Duration.ofHours(1)))),
                Cursors.encode(ChirpIds.lowestAt(Instant.now()), 1))) {
            assertProblem(get("/api/v1/users/" + ann.id() + "/followers?cursor=" + cursor, null), 400);
            assertProblem(get("/api/v1/users/" + ann.id() + "/following?cursor=" + cursor, null), 400);
        }
    }

    /** The distinct UserFollowed events (by event ID: the relay may publish one twice, consumers drop that). */
    private static List<String> followedEvents(long followerId, long followeeId) {
        return events().stream()
                .filter(event -> event.topic().equals(TOPICS + "follows"))
                .map(ConsumerRecord::value).map(JSON::readTree)
                .filter(envelope -> envelope.get("type").asString().equals("UserFollowed")
                        && envelope.get("payload").get("follower_id").asLong() == followerId
                        && envelope.get("payload").get("followee_id").asLong() == followeeId)
                .map(envelope -> envelope.get("event_id").asString()).distinct()
                .toList();
    }
}
