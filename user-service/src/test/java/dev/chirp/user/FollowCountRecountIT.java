package dev.chirp.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A follow whose counter update failed (a Cassandra node's crash) goes on and leaves both counts on
 * {@code counter_recounts} (CounterUpdates); the service's pass recounts them from the follow edges. Here the
 * counters are put off by hand, as such a failure leaves them, and the targets listed as CounterUpdates lists them.
 */
class FollowCountRecountIT extends UserITBase {

    @Test
    void followCountsLeftOffByAFailedUpdateAreRecountedFromTheEdges() {
        TestUser star = signup("rc_");
        TestUser ann = signup("rc_");
        TestUser bob = signup("rc_");
        assertThat(call("PUT", "/api/v1/users/" + star.id() + "/follow", ann.token(), null).status()).isEqualTo(200);
        assertThat(call("PUT", "/api/v1/users/" + star.id() + "/follow", bob.token(), null).status()).isEqualTo(200);
        assertThat(call("PUT", "/api/v1/users/" + bob.id() + "/follow", ann.token(), null).status()).isEqualTo(200);
        // the last follow's update never reached the counters; an earlier one was applied twice
        session.execute("UPDATE user_counts SET followers = followers - 1, following = following - 1 "
                + "WHERE user_id = ?", bob.id());
        session.execute("UPDATE user_counts SET following = following - 1 WHERE user_id = ?", ann.id());
        session.execute("UPDATE user_counts SET followers = followers + 1 WHERE user_id = ?", star.id());
        assertThat(count(bob, "followers_count")).isZero();
        assertThat(count(star, "followers_count")).isEqualTo(3);

        listForRecount("followers", bob.id());
        listForRecount("following", ann.id());
        listForRecount("following", bob.id());
        listForRecount("followers", star.id());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(count(bob, "followers_count")).isEqualTo(1);
            assertThat(count(bob, "following_count")).isEqualTo(1);
            assertThat(count(ann, "following_count")).isEqualTo(2);
            assertThat(count(star, "followers_count")).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                session.execute("SELECT COUNT(*) FROM counter_recounts WHERE counter IN ('followers', 'following') "
                        + "AND target_id IN ?", List.of(star.id(), ann.id(), bob.id())).one().getLong(0))
                .isZero());
        // an unfollow after the repair takes back exactly one
        assertThat(call("DELETE", "/api/v1/users/" + star.id() + "/follow", ann.token(), null).status())
                .isEqualTo(200);
        assertThat(count(star, "followers_count")).isEqualTo(1);
        assertThat(count(ann, "following_count")).isEqualTo(1);
    }

    /** What CounterUpdates writes when an update fails. */
    private void listForRecount(String counter, long id) {
        session.execute("INSERT INTO counter_recounts (counter, target_id) VALUES (?, ?)", counter, id);
    }

    private long count(TestUser user, String field) {
        return get("/api/v1/users/" + user.id(), null).json().get(field).asLong();
    }
}
