package dev.chirp.user.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.cassandra.LoggedBatches;
import dev.chirp.shared.event.UserFollowed;
import dev.chirp.shared.event.UserUnfollowed;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.id.TimeOrderedIdGenerator;
import dev.chirp.shared.outbox.Outbox;
import dev.chirp.user.counts.UserCounts;
import org.springframework.stereotype.Repository;

/**
 * The follow graph as its owner stores it; timeline-service keeps a projection of it from {@code chirp.follows}
 * (its {@code FollowProjection}). {@code follow_edges} is the truth and changes only by lightweight transaction: whoever
 * moves an edge from "not following" to "following" (or back) is the one caller that changes the counts and writes
 * the list rows and the event, so retries and races count nothing twice. Each follow gets a fresh time-ordered
 * follow ID: the list rows are keyed by it (newest first, stable cursors), and they are written at a timestamp
 * derived from it while their removal is written one microsecond later, so an unfollow wins even when it reaches
 * Cassandra before the follow's list rows do.
 *
 * <p>A follow is finished in steps after its claim, and any of them may time out. So every step can run again
 * (issue #23): a follow that finds the edge already claimed finishes it when its list row is missing. The counter
 * update, the one step that is not idempotent, runs only for the caller whose transaction set the edge's
 * {@code counted} flag; the list rows carry the follow's own timestamp; the event's ID is derived from the follow
 * ID, so a re-run records the same event (consumers drop it by ID if the relay had already sent it). The one
 * outcome no retry can tell apart: the counter update itself timing out after it applied or not, which Cassandra
 * does not say; the flag makes that at most one missing count, never a double one.
 */
@Repository
public class FollowStore {

    /** How often an unfollow re-reads an edge that a concurrent follow/unfollow changed under it. */
    private static final int UNFOLLOW_ATTEMPTS = 10;

    private final CqlSession session;
    private final LoggedBatches batches;
    private final Outbox outbox;
    private final TimeOrderedIdGenerator ids;
    private final UserCounts counts;
    private final PreparedStatement insertEdge;
    private final PreparedStatement deleteEdge;
    private final PreparedStatement selectEdge;
    private final PreparedStatement markCounted;
    private final PreparedStatement selectListRow;
    private final PreparedStatement selectEdges;
    private final PreparedStatement insertFollower;
    private final PreparedStatement insertFollowing;
    private final PreparedStatement deleteFollower;
    private final PreparedStatement deleteFollowing;
    private final PreparedStatement followersFirst;
    private final PreparedStatement followersAfter;
    private final PreparedStatement followingFirst;
    private final PreparedStatement followingAfter;
    private final PreparedStatement insertTier;
    private final PreparedStatement selectTier;

    FollowStore(CqlSession session, LoggedBatches batches, Outbox outbox, TimeOrderedIdGenerator ids,
                UserCounts counts) {
        this.session = session;
        this.batches = batches;
        this.outbox = outbox;
        this.ids = ids;
        this.counts = counts;
        this.insertEdge = session.prepare("INSERT INTO follow_edges (follower_id, followee_id, follow_id) "
                + "VALUES (?, ?, ?) IF NOT EXISTS");
        this.deleteEdge = session.prepare(
                "DELETE FROM follow_edges WHERE follower_id = ? AND followee_id = ? IF follow_id = ?");
        this.selectEdge = session.prepare(
                "SELECT follow_id FROM follow_edges WHERE follower_id = ? AND followee_id = ?");
        this.markCounted = session.prepare("UPDATE follow_edges SET counted = true "
                + "WHERE follower_id = ? AND followee_id = ? IF follow_id = ? AND counted = null");
        this.selectListRow = session.prepare(
                "SELECT follow_id FROM following WHERE user_id = ? AND follow_id = ?");
        this.selectEdges = session.prepare(
                "SELECT followee_id FROM follow_edges WHERE follower_id = ? AND followee_id IN ?");
        this.insertFollower = session.prepare("INSERT INTO followers (user_id, follow_id, follower_id) "
                + "VALUES (?, ?, ?) USING TIMESTAMP ?");
        this.insertFollowing = session.prepare("INSERT INTO following (user_id, follow_id, followee_id) "
                + "VALUES (?, ?, ?) USING TIMESTAMP ?");
        this.deleteFollower = session.prepare(
                "DELETE FROM followers USING TIMESTAMP ? WHERE user_id = ? AND follow_id = ?");
        this.deleteFollowing = session.prepare(
                "DELETE FROM following USING TIMESTAMP ? WHERE user_id = ? AND follow_id = ?");
        this.followersFirst = session.prepare(
                "SELECT follow_id, follower_id FROM followers WHERE user_id = ? LIMIT ?");
        this.followersAfter = session.prepare(
                "SELECT follow_id, follower_id FROM followers WHERE user_id = ? AND follow_id < ? LIMIT ?");
        this.followingFirst = session.prepare(
                "SELECT follow_id, followee_id FROM following WHERE user_id = ? LIMIT ?");
        this.followingAfter = session.prepare(
                "SELECT follow_id, followee_id FROM following WHERE user_id = ? AND follow_id < ? LIMIT ?");
        this.insertTier = session.prepare("INSERT INTO popular_by_tier (tier, user_id) VALUES (?, ?)");
        this.selectTier = session.prepare("SELECT user_id FROM popular_by_tier WHERE tier = ? LIMIT ?");
    }

    /**
     * Makes {@code followerId} follow {@code followeeId}; nothing happens when it already does, and a follow that an
     * earlier call claimed but did not finish is finished.
     */
    public void follow(long followerId, long followeeId) {
        long claimed = ids.nextId();
        ResultSet claim = session.execute(insertEdge.bind(followerId, followeeId, claimed));
        if (claim.wasApplied()) {
            finish(followerId, followeeId, claimed);
            return;
        }
        // the failed condition returns the edge that is there
        Row existing = claim.one();
        if (existing != null && !existing.isNull("follow_id")
                && !isFinished(followerId, existing.getLong("follow_id"))) {
            finish(followerId, followeeId, existing.getLong("follow_id"));
        }
    }

    /**
     * The steps after the claim, each safe to run again: the counts (once, by whoever sets {@code counted}), then
     * the list rows, the popularity tier and the event in one logged batch.
     */
    private void finish(long followerId, long followeeId, long followId) {
        if (session.execute(markCounted.bind(followerId, followeeId, followId)).wasApplied()) {
            counts.addFollow(followerId, followeeId, 1);
        }
        long followers = counts.of(followeeId).followers();
        long writtenAt = writeTimeOf(followId);
        Instant followedAt = ChirpIds.timeOf(followId);
        BoundStatement event = outbox.insert(new UserFollowed(followerId, followeeId, followedAt, followers),
                followedAt, Outbox.eventIdOf(followedAt, followId));
        batches.execute(BatchStatement.builder(BatchType.LOGGED)
                .addStatement(insertFollower.bind(followeeId, followId, followerId, writtenAt))
                .addStatement(insertFollowing.bind(followerId, followId, followeeId, writtenAt))
                .addStatement(insertTier.bind(tierOf(followers), followeeId))
                .addStatement(event)
                .build());
        outbox.nudge(event);
    }

    /** Whether the follow's list rows (written in the batch that also records its event) are there. */
    private boolean isFinished(long followerId, long followId) {
        return session.execute(selectListRow.bind(followerId, followId)).one() != null;
    }

    /** Makes {@code followerId} stop following {@code followeeId}; nothing happens when it does not. */
    public void unfollow(long followerId, long followeeId) {
        Row edge = session.execute(selectEdge.bind(followerId, followeeId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)).one();
        for (int attempt = 0; edge != null && attempt < UNFOLLOW_ATTEMPTS; attempt++) {
            long followId = edge.getLong("follow_id");
            if (!isFinished(followerId, followId)) {
                // an interrupted follow: finish it first, so the unfollow takes back only what was counted
                finish(followerId, followeeId, followId);
            }
            ResultSet result = session.execute(deleteEdge.bind(followerId, followeeId, followId));
            if (result.wasApplied()) {
                removed(followerId, followeeId, followId);
                return;
            }
            // A concurrent call replaced or removed the edge; the failed condition returns what is there now.
            Row current = result.one();
            edge = current == null || !current.getColumnDefinitions().contains("follow_id")
                    || current.isNull("follow_id") ? null : current;
        }
        if (edge != null) {
            throw new IllegalStateException("The follow edge kept changing during an unfollow");
        }
    }

    private void removed(long followerId, long followeeId, long followId) {
        counts.addFollow(followerId, followeeId, -1);
        long followers = counts.of(followeeId).followers();
        long removedAt = writeTimeOf(followId) + 1;
        Instant now = Instant.now();
        BoundStatement event = outbox.insert(new UserUnfollowed(followerId, followeeId, now, followers), now);
        batches.execute(BatchStatement.builder(BatchType.LOGGED)
                .addStatement(deleteFollower.bind(removedAt, followeeId, followId))
                .addStatement(deleteFollowing.bind(removedAt, followerId, followId))
                .addStatement(event)
                .build());
        outbox.nudge(event);
    }

    /** Which of {@code candidates} {@code followerId} follows. */
    public Set<Long> followedAmong(long followerId, Collection<Long> candidates) {
        Set<Long> followed = new HashSet<>();
        if (candidates.isEmpty()) {
            return followed;
        }
        List<Long> distinct = List.copyOf(new HashSet<>(candidates));
        for (int from = 0; from < distinct.size(); from += 100) {
            List<Long> chunk = distinct.subList(from, Math.min(distinct.size(), from + 100));
            for (Row row : session.execute(selectEdges.bind(followerId, chunk))) {
                followed.add(row.getLong("followee_id"));
            }
        }
        return followed;
    }

    /** A page of an account's followers, most recent first. */
    public FollowSlice followers(long userId, Long beforeFollowId, int limit) {
        return slice(beforeFollowId == null ? followersFirst.bind(userId, limit + 1)
                : followersAfter.bind(userId, beforeFollowId, limit + 1), "follower_id", limit);
    }

    /** A page of the accounts someone follows, most recently followed first. */
    public FollowSlice following(long userId, Long beforeFollowId, int limit) {
        return slice(beforeFollowId == null ? followingFirst.bind(userId, limit + 1)
                : followingAfter.bind(userId, beforeFollowId, limit + 1), "followee_id", limit);
    }

    /** Accounts with many followers, roughly best first (by tier); callers rank by exact counts. */
    public List<Long> popularCandidates(int max) {
        List<Long> found = new ArrayList<>();
        for (int tier = 62; tier >= 0 && found.size() < max; tier--) {
            for (Row row : session.execute(selectTier.bind(tier, max - found.size()))) {
                found.add(row.getLong("user_id"));
            }
        }
        return found;
    }

    private FollowSlice slice(BoundStatement query, String column,
                              int limit) {
        List<Row> rows = session.execute(query).all();
        List<Long> userIds = new ArrayList<>();
        for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
            userIds.add(row.getLong(column));
        }
        Long next = rows.size() > limit ? rows.get(limit - 1).getLong("follow_id") : null;
        return new FollowSlice(userIds, next);
    }

    /** Tier of an account with {@code followers} followers: floor(log2), so tiers stay few and small at the top. */
    static int tierOf(long followers) {
        return followers <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(followers);
    }

    /** The write timestamp (microseconds) of a follow's list rows, derived from its time-ordered ID. */
    static long writeTimeOf(long followId) {
        return ChirpIds.timeOf(followId).toEpochMilli() * 1000;
    }
}
