package dev.chirp.user.counts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.cassandra.CounterUpdates;
import org.springframework.stereotype.Repository;

/**
 * Follower, following and tweet counts as Cassandra counters. Counter updates are not idempotent, so callers
 * apply one only after winning the lightweight transaction that records the change it counts (a follow edge, a
 * processed tweet event); a retried request or a replayed event loses that transaction and counts nothing.
 * The driver never retries a counter update on its own (the statements are not marked idempotent).
 */
@Repository
public class UserCounts {

    private final CqlSession session;
    private final CounterUpdates counterUpdates;
    private final PreparedStatement select;
    private final PreparedStatement addFollowers;
    private final PreparedStatement addFollowing;
    private final PreparedStatement addTweets;

    UserCounts(CqlSession session, CounterUpdates counterUpdates) {
        this.session = session;
        this.counterUpdates = counterUpdates;
        this.select = session.prepare("SELECT followers, following, tweets FROM user_counts WHERE user_id = ?");
        this.addFollowers = session.prepare("UPDATE user_counts SET followers = followers + ? WHERE user_id = ?");
        this.addFollowing = session.prepare("UPDATE user_counts SET following = following + ? WHERE user_id = ?");
        this.addTweets = session.prepare("UPDATE user_counts SET tweets = tweets + ? WHERE user_id = ?");
    }

    /**
     * A follow (+1) or unfollow (-1): the followee's followers and the follower's following, together. Never fails
     * for a store away: both are then recounted from the follow edges ({@link FollowCountRecounts}) and the follow
     * goes on ({@link CounterUpdates}).
     */
    public void addFollow(long followerId, long followeeId, long delta) {
        counterUpdates.apply(() -> counterUpdates.executeTogether(session,
                        addFollowers.bind(delta, followeeId), addFollowing.bind(delta, followerId)),
                FollowCountRecounts.followers(followeeId), FollowCountRecounts.following(followerId));
    }

    /**
     * A tweet of {@code userId} counted (+1) or uncounted (-1). The rows it counts are tweet-service's, so a failed
     * update cannot be recounted here: it is logged and passed over, as a retry of its event could not count it
     * again either (its effect is already claimed).
     */
    public void addTweets(long userId, long delta) {
        counterUpdates.apply(() -> session.execute(counterUpdates.bounded(addTweets.bind(delta, userId))));
    }

    public Counts of(long userId) {
        return toCounts(session.execute(select.bind(userId)).one());
    }

    /** Counts of every ID asked (zero for one that has none yet), read in parallel. */
    public Map<Long, Counts> of(Collection<Long> userIds) {
        Map<Long, CompletionStage<AsyncResultSet>> pending = new LinkedHashMap<>();
        for (Long id : userIds) {
            pending.putIfAbsent(id, session.executeAsync(select.bind(id)));
        }
        Map<Long, Counts> counts = new LinkedHashMap<>();
        pending.forEach((id, result) -> counts.put(id, toCounts(result.toCompletableFuture().join().one())));
        return counts;
    }

    private static Counts toCounts(Row row) {
        if (row == null) {
            return Counts.ZERO;
        }
        return new Counts(row.getLong("followers"), row.getLong("following"), row.getLong("tweets"));
    }
}
