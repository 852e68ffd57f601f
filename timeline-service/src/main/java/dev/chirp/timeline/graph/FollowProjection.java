package dev.chirp.timeline.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.WriteTimestamps;
import org.springframework.stereotype.Component;

/**
 * The follow graph as timeline-service sees it (a projection of chirp.follows): who follows whom, each user's
 * follower count, and which followees of a user are celebrities. Every write is stamped with the event's time,
 * so replays and late duplicates change nothing.
 */
@Component
public class FollowProjection {

    /** What a follow event did to the followee's celebrity status. */
    public enum CelebrityChange { NONE, BECAME_CELEBRITY, STOPPED_BEING_CELEBRITY }

    private final CqlSession session;
    private final TimelineProperties properties;
    private final CelebrityFolloweesCache celebrityLists;
    private final PreparedStatement insertFollower;
    private final PreparedStatement insertFollowee;
    private final PreparedStatement deleteFollower;
    private final PreparedStatement deleteFollowee;
    private final PreparedStatement insertCelebrityFollowee;
    private final PreparedStatement deleteCelebrityFollowee;
    private final PreparedStatement selectCount;
    private final PreparedStatement upsertCount;
    private final PreparedStatement selectFollowers;
    private final PreparedStatement selectFollowees;
    private final PreparedStatement selectCelebrityFollowees;
    private final PreparedStatement selectFollow;

    FollowProjection(CqlSession session, TimelineProperties properties, CelebrityFolloweesCache celebrityLists) {
        this.session = session;
        this.properties = properties;
        this.celebrityLists = celebrityLists;
        insertFollower = session.prepare("INSERT INTO followers_by_user (user_id, follower_id, followed_at) "
                + "VALUES (?, ?, ?) USING TIMESTAMP ?");
        insertFollowee = session.prepare("INSERT INTO followees_by_user (user_id, followee_id, followed_at) "
                + "VALUES (?, ?, ?) USING TIMESTAMP ?");
        deleteFollower = session.prepare("DELETE FROM followers_by_user USING TIMESTAMP ? "
                + "WHERE user_id = ? AND follower_id = ?");
        deleteFollowee = session.prepare("DELETE FROM followees_by_user USING TIMESTAMP ? "
                + "WHERE user_id = ? AND followee_id = ?");
        insertCelebrityFollowee = session.prepare("INSERT INTO celebrity_followees_by_user (user_id, celebrity_id) "
                + "VALUES (?, ?) USING TIMESTAMP ?");
        deleteCelebrityFollowee = session.prepare("DELETE FROM celebrity_followees_by_user USING TIMESTAMP ? "
                + "WHERE user_id = ? AND celebrity_id = ?");
        selectCount = session.prepare("SELECT celebrity, WRITETIME(followers) FROM follower_counts WHERE user_id = ?");
        upsertCount = session.prepare("INSERT INTO follower_counts (user_id, followers, celebrity) VALUES (?, ?, ?) "
                + "USING TIMESTAMP ?");
        selectFollowers = session.prepare("SELECT follower_id FROM followers_by_user WHERE user_id = ?");
        selectFollowees = session.prepare("SELECT followee_id FROM followees_by_user WHERE user_id = ?");
        selectCelebrityFollowees = session.prepare(
                "SELECT celebrity_id FROM celebrity_followees_by_user WHERE user_id = ?");
        selectFollow = session.prepare(
                "SELECT followee_id FROM followees_by_user WHERE user_id = ? AND followee_id = ?");
    }

    /**
     * Records a follow. The rows are written in parallel rather than in a logged batch: every write is
     * idempotent and timestamped, and the consumer retries the whole event until it succeeds.
     */
    public CelebrityChange follow(long followerId, long followeeId, Instant at, long followeeFollowers) {
        long timestamp = WriteTimestamps.of(at);
        Count count = recordCount(followeeId, followeeFollowers, timestamp);
        List<BoundStatement> writes = new ArrayList<>(List.of(
                insertFollower.bind(followeeId, followerId, at, timestamp),
                insertFollowee.bind(followerId, followeeId, at, timestamp)));
        if (count.celebrity()) {
            writes.add(insertCelebrityFollowee.bind(followerId, followeeId, timestamp));
        }
        executeAll(writes);
        if (count.celebrity()) {
            celebrityLists.changed(List.of(followerId));
        }
        return count.change();
    }

    public CelebrityChange unfollow(long followerId, long followeeId, Instant at, long followeeFollowers) {
        long timestamp = WriteTimestamps.of(at);
        Count count = recordCount(followeeId, followeeFollowers, timestamp);
        executeAll(List.of(
                deleteFollower.bind(timestamp, followeeId, followerId),
                deleteFollowee.bind(timestamp, followerId, followeeId),
                deleteCelebrityFollowee.bind(timestamp, followerId, followeeId)));
        celebrityLists.changed(List.of(followerId));
        return count.change();
    }

    /**
     * Marks or unmarks the user as a celebrity in the list of every follower, stamped with the time of the
     * event that crossed the threshold.
     */
    public void applyCelebrityChange(long userId, CelebrityChange change, Instant at) {
        long timestamp = WriteTimestamps.of(at);
        forEachFollowerPage(userId, 200, followers -> {
            executeAll(followers.stream()
                    .map(follower -> change == CelebrityChange.BECAME_CELEBRITY
                            ? insertCelebrityFollowee.bind(follower, userId, timestamp)
                            : deleteCelebrityFollowee.bind(timestamp, follower, userId))
                    .toList());
            celebrityLists.changed(followers);
        });
    }

    public boolean isFollowing(long followerId, long followeeId) {
        return session.execute(selectFollow.bind(followerId, followeeId)).one() != null;
    }

    public boolean isCelebrity(long userId) {
        Row row = session.execute(selectCount.bind(userId)).one();
        return row != null && row.getBoolean(0);
    }

    /**
     * All followers of the user, in pages of about {@code pageSize} (the partition is read with driver paging,
     * never whole). The next page is already being fetched while the consumer works on the current one, so a
     * fan-out overlaps its Cassandra reads with its Redis writes.
     */
    public void forEachFollowerPage(long userId, int pageSize, Consumer<List<Long>> page) {
        AsyncResultSet current = await(session.executeAsync(selectFollowers.bind(userId).setPageSize(pageSize)));
        while (true) {
            List<Long> followers = new ArrayList<>(current.remaining());
            for (Row row : current.currentPage()) {
                followers.add(row.getLong(0));
            }
            CompletionStage<AsyncResultSet> next = current.hasMorePages() ? current.fetchNextPage() : null;
            if (!followers.isEmpty()) {
                page.accept(followers);
            }
            if (next == null) {
                return;
            }
            current = await(next);
        }
    }

    /** Rethrows the driver's own exception, as a synchronous call would. */
    private static AsyncResultSet await(CompletionStage<AsyncResultSet> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public List<Long> followees(long userId) {
        return ids(session.execute(selectFollowees.bind(userId)));
    }

    /** Read on every home timeline page: from Redis when it has the list ({@link CelebrityFolloweesCache}). */
    public List<Long> celebrityFollowees(long userId) {
        return celebrityFollowees(userId, true);
    }

    /** @param askRedis false when the caller already knows Redis is away: asking would only add its timeout */
    public List<Long> celebrityFollowees(long userId, boolean askRedis) {
        Optional<List<Long>> cached = askRedis ? celebrityLists.get(userId) : Optional.empty();
        if (cached.isPresent()) {
            return cached.get();
        }
        List<Long> celebrities = ids(session.execute(selectCelebrityFollowees.bind(userId)));
        if (askRedis) {
            celebrityLists.fill(userId, celebrities);
        }
        return celebrities;
    }

    /**
     * Keeps the count of the newest event only. Events of one followee arrive in order (they share a partition
     * key), so this read-then-write has no concurrent writer; an older or replayed event leaves it alone.
     */
    private Count recordCount(long userId, long followers, long timestamp) {
        Row current = session.execute(selectCount.bind(userId)).one();
        boolean wasCelebrity = current != null && current.getBoolean(0);
        if (current != null && !current.isNull(1) && current.getLong(1) >= timestamp) {
            return new Count(wasCelebrity, CelebrityChange.NONE);
        }
        boolean celebrity = properties.isCelebrity(followers, wasCelebrity);
        session.execute(upsertCount.bind(userId, followers, celebrity, timestamp));
        if (celebrity == wasCelebrity) {
            return new Count(celebrity, CelebrityChange.NONE);
        }
        return new Count(celebrity,
                celebrity ? CelebrityChange.BECAME_CELEBRITY : CelebrityChange.STOPPED_BEING_CELEBRITY);
    }

    private void executeAll(List<BoundStatement> writes) {
        CompletableFuture.allOf(writes.stream().map(write -> session.executeAsync(write).toCompletableFuture())
                .toArray(CompletableFuture[]::new)).join();
    }

    private record Count(boolean celebrity, CelebrityChange change) {
    }

    private static List<Long> ids(Iterable<Row> rows) {
        List<Long> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getLong(0));
        }
        return ids;
    }
}
