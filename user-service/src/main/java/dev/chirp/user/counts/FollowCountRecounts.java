package dev.chirp.user.counts;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.shared.cassandra.CounterRecounts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a user's follow counts are mended after an update of theirs failed ({@link CounterRecounts}): from the follow
 * edges whose {@code counted} flag is set. The flag is what moved the counters, so the edge of a follow still under
 * way (not yet flagged) is left out, as the counters have not counted it either. {@code following}: the user's own
 * edges, one partition; {@code followers}: the edges that point at the user, found through a storage-attached index
 * on {@code followee_id} (schema.cql), a query on every node that only a recount asks, never a request.
 */
@Configuration(proxyBeanMethods = false)
class FollowCountRecounts {

    private static final String FOLLOWERS = "followers";
    private static final String FOLLOWING = "following";

    static CounterRecounts.Key followers(long userId) {
        return new CounterRecounts.Key(FOLLOWERS, userId);
    }

    static CounterRecounts.Key following(long userId) {
        return new CounterRecounts.Key(FOLLOWING, userId);
    }

    @Bean
    CounterRecounts.Recount followersRecount(CqlSession session) {
        return CounterRecounts.ofRows(session, "user_counts", FOLLOWERS, "user_id",
                "SELECT counted FROM follow_edges WHERE followee_id = ?", "counted",
                userId -> { });
    }

    @Bean
    CounterRecounts.Recount followingRecount(CqlSession session) {
        return CounterRecounts.ofRows(session, "user_counts", FOLLOWING, "user_id",
                "SELECT counted FROM follow_edges WHERE follower_id = ?", "counted",
                userId -> { });
    }
}
