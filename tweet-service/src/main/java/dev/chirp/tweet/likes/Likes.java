package dev.chirp.tweet.likes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.cassandra.LoggedBatches;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.event.TweetLiked;
import dev.chirp.shared.event.TweetUnliked;
import dev.chirp.shared.outbox.Outbox;
import dev.chirp.shared.time.MonthBuckets;
import dev.chirp.shared.time.MonthWalk;
import dev.chirp.tweet.KeyLocks;
import dev.chirp.tweet.tweets.Engagement;
import dev.chirp.tweet.tweets.StoredTweet;
import dev.chirp.tweet.tweets.TweetReader;
import org.springframework.stereotype.Component;

/**
 * Likes with exact counts. The like edge (likes_by_tweet) is written and removed with lightweight transactions; only
 * the request whose transaction applied moves the counter and records the event, so any number of concurrent likes
 * of one user count once, and N users count N.
 *
 * <p>likes_by_user rows carry the like time as their write timestamp and are deleted with a later one, so an unlike
 * that overtakes its like's second step still removes the row.
 *
 * <p>The steps after the claim may time out, so each can run again (issue #23): a like that finds the edge claimed
 * but its likes_by_user row missing finishes it. The counter moves only for the caller whose transaction set the
 * edge's {@code counted} flag, the likes_by_user row carries the like's own time, and the event's ID is derived from
 * the like (time, tweet, user), so a re-run records the same event. An unlike of an unfinished like finishes it
 * first, so it takes back only what was counted.
 */
@Component
class Likes {

    private final CqlSession session;
    private final LoggedBatches batches;
    private final TweetReader tweets;
    private final Engagement engagement;
    private final Outbox outbox;
    private final KeyLocks locks;
    private final PreparedStatement claimEdge;
    private final PreparedStatement selectEdge;
    private final PreparedStatement markCounted;
    private final PreparedStatement selectListRow;
    private final PreparedStatement removeEdge;
    private final PreparedStatement insertByUser;
    private final PreparedStatement deleteByUser;
    private final PreparedStatement selectByUser;

    Likes(CqlSession session, LoggedBatches batches, TweetReader tweets, Engagement engagement, Outbox outbox,
          KeyLocks locks) {
        this.session = session;
        this.batches = batches;
        this.tweets = tweets;
        this.engagement = engagement;
        this.outbox = outbox;
        this.locks = locks;
        this.claimEdge = session.prepare(
                "INSERT INTO likes_by_tweet (tweet_id, user_id, liked_at) VALUES (?, ?, ?) IF NOT EXISTS");
        this.selectEdge = session.prepare(
                "SELECT liked_at FROM likes_by_tweet WHERE tweet_id = ? AND user_id = ?");
        this.markCounted = session.prepare("UPDATE likes_by_tweet SET counted = true "
                + "WHERE tweet_id = ? AND user_id = ? IF liked_at = ? AND counted = null");
        this.selectListRow = session.prepare("SELECT tweet_id FROM likes_by_user "
                + "WHERE user_id = ? AND month = ? AND liked_at = ? AND tweet_id = ?");
        this.removeEdge = session.prepare(
                "DELETE FROM likes_by_tweet WHERE tweet_id = ? AND user_id = ? IF liked_at = ?");
        this.insertByUser = session.prepare("INSERT INTO likes_by_user (user_id, month, liked_at, tweet_id) "
                + "VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
        this.deleteByUser = session.prepare("DELETE FROM likes_by_user USING TIMESTAMP ? "
                + "WHERE user_id = ? AND month = ? AND liked_at = ? AND tweet_id = ?");
        this.selectByUser = session.prepare("SELECT liked_at, tweet_id FROM likes_by_user "
                + "WHERE user_id = ? AND month = ? AND (liked_at, tweet_id) < (?, ?) LIMIT ?");
    }

    /** The like count after {@code userId} likes the tweet (idempotent; finishes a like an earlier call began). */
    long like(long tweetId, long userId) {
        StoredTweet tweet = liveTweet(tweetId);
        return locks.withLock("like:" + tweetId + ":" + userId, () -> {
            Instant likedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Row claim = session.execute(claimEdge.bind(tweetId, userId, likedAt)).one();
            if (claim.getBoolean("[applied]")) {
                return finish(tweet, userId, likedAt);
            }
            // the failed condition returns the edge that is there
            Instant claimedAt = claim.getInstant("liked_at");
            if (claimedAt != null && !isFinished(tweetId, userId, claimedAt)) {
                return finish(tweet, userId, claimedAt);
            }
            return engagement.likeCount(tweetId);
        });
    }

    /**
     * The steps after the claim, each safe to run again: the count (once, by whoever sets {@code counted}), then
     * the user's list row and the event in one logged batch.
     */
    private long finish(StoredTweet tweet, long userId, Instant likedAt) {
        long tweetId = tweet.id();
        if (session.execute(markCounted.bind(tweetId, userId, likedAt)).wasApplied()) {
            engagement.addLikes(tweetId, 1);
        }
        engagement.likeChanged(userId, tweetId, true);
        long count = engagement.likeCount(tweetId);
        BoundStatement event = outbox.insert(new TweetLiked(tweetId, tweet.authorId(), userId, likedAt, count),
                likedAt, Outbox.eventIdOf(likedAt, 31 * tweetId + userId));
        batches.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED)
                .add(insertByUser.bind(userId, MonthBuckets.of(likedAt), likedAt, tweetId, micros(likedAt)))
                .add(event));
        outbox.nudge(event);
        return count;
    }

    /** Whether the like's likes_by_user row (written in the batch that also records its event) is there. */
    private boolean isFinished(long tweetId, long userId, Instant likedAt) {
        return session.execute(selectListRow.bind(userId, MonthBuckets.of(likedAt), likedAt, tweetId)).one() != null;
    }

    /** The like count after {@code userId} unlikes the tweet (idempotent). */
    long unlike(long tweetId, long userId) {
        StoredTweet tweet = liveTweet(tweetId);
        return locks.withLock("like:" + tweetId + ":" + userId, () -> {
            Row edge = session.execute(selectEdge.bind(tweetId, userId)).one();
            if (edge == null) {
                return engagement.likeCount(tweetId);
            }
            Instant likedAt = edge.getInstant("liked_at");
            if (!isFinished(tweetId, userId, likedAt)) {
                // an interrupted like: finish it first, so the unlike takes back only what was counted
                finish(tweet, userId, likedAt);
            }
            Row removal = session.execute(removeEdge.bind(tweetId, userId, likedAt)).one();
            if (!removal.getBoolean("[applied]")) {
                return engagement.likeCount(tweetId);
            }
            engagement.addLikes(tweetId, -1);
            engagement.likeChanged(userId, tweetId, false);
            long count = engagement.likeCount(tweetId);
            Instant now = Instant.now();
            long deleteTimestamp = Math.max(micros(now), micros(likedAt) + 1);
            BoundStatement event = outbox.insert(new TweetUnliked(tweetId, tweet.authorId(), userId, now, count), now);
            batches.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED)
                    .add(deleteByUser.bind(deleteTimestamp, userId, MonthBuckets.of(likedAt), likedAt, tweetId))
                    .add(event));
            outbox.nudge(event);
            return count;
        });
    }

    /**
     * Up to {@code limit} likes of {@code userId} before the position (like time, tweet ID), most recent first,
     * walking month partitions backwards: at most {@link MonthBuckets#MAX_PER_PAGE} of them, never later than now
     * (plus the clock skew) nor before the month the user's account was made.
     */
    LikesPage likedBy(long userId, Instant before, long beforeTweetId, int limit) {
        List<LikedTweet> likes = new ArrayList<>(limit);
        MonthWalk walk = MonthWalk.ofUser(userId, MonthBuckets.of(before), Instant.now());
        while (walk.hasNext() && likes.size() < limit) {
            for (Row row : session.execute(selectByUser.bind(userId, walk.next(), before, beforeTweetId,
                    limit - likes.size()))) {
                likes.add(new LikedTweet(row.getInstant("liked_at"), row.getLong("tweet_id")));
            }
        }
        return new LikesPage(likes, likes.size() < limit ? walk.resumeBefore() : Optional.empty());
    }

    private StoredTweet liveTweet(long tweetId) {
        return tweets.live(tweetId).orElseThrow(() -> ApiException.notFound("No tweet " + tweetId + "."));
    }

    private static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    record LikedTweet(Instant likedAt, long tweetId) {
    }

    /**
     * A page of likes; {@code resumeBefore} is set when the walk stopped at its partition cap before the page was
     * full: the next page holds the likes before that time.
     */
    record LikesPage(List<LikedTweet> likes, Optional<Instant> resumeBefore) {
    }
}
