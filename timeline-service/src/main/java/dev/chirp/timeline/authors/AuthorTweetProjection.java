package dev.chirp.timeline.authors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.time.MonthBuckets;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.WriteTimestamps;
import org.springframework.stereotype.Component;

/**
 * The compact per-author list of recent tweet IDs (table {@code tweets_by_author}), built from chirp.tweets. It is
 * what home timelines are rebuilt from, what a new follow merges in, what an unfollow removes, and where
 * celebrities' recent tweets come from. Writes carry the event time as their timestamp, so a replayed
 * TweetCreated never resurrects a tweet whose TweetDeleted was already applied.
 */
@Component
public class AuthorTweetProjection {

    private final CqlSession session;
    private final int lookbackMonths;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final PreparedStatement select;
    private final PreparedStatement exists;

    AuthorTweetProjection(CqlSession session, TimelineProperties properties) {
        this.session = session;
        this.lookbackMonths = properties.lookbackMonths();
        this.insert = session.prepare("INSERT INTO tweets_by_author (author_id, month, tweet_id) VALUES (?, ?, ?) "
                + "USING TIMESTAMP ?");
        this.delete = session.prepare("DELETE FROM tweets_by_author USING TIMESTAMP ? "
                + "WHERE author_id = ? AND month = ? AND tweet_id = ?");
        this.select = session.prepare("SELECT tweet_id FROM tweets_by_author "
                + "WHERE author_id = ? AND month = ? AND tweet_id >= ? LIMIT ?");
        this.exists = session.prepare("SELECT tweet_id FROM tweets_by_author "
                + "WHERE author_id = ? AND month = ? AND tweet_id = ?");
    }

    /**
     * Records the tweet; false when it has already been deleted (a replayed TweetCreated after its TweetDeleted:
     * the older write loses against the deletion), so the caller can leave it out everywhere.
     */
    public boolean record(long authorId, long tweetId, Instant createdAt) {
        int month = MonthBuckets.ofId(tweetId);
        session.execute(insert.bind(authorId, month, tweetId, WriteTimestamps.of(createdAt)));
        return session.execute(exists.bind(authorId, month, tweetId)).one() != null;
    }

    public void remove(long authorId, long tweetId, Instant deletedAt) {
        session.execute(delete.bind(WriteTimestamps.of(deletedAt), authorId, MonthBuckets.ofId(tweetId), tweetId));
    }

    /** The author's newest tweet IDs, newest first: at most {@code limit}, from the last few monthly buckets. */
    public CompletionStage<List<Long>> latest(long authorId, int limit) {
        int newest = MonthBuckets.of(Instant.now());
        int oldest = newest;
        for (int i = 1; i < lookbackMonths; i++) {
            oldest = MonthBuckets.previous(oldest);
        }
        return walk(authorId, newest, oldest, 0L, limit, new ArrayList<>());
    }

    /** The author's tweet IDs that are at least {@code lowestId}, newest first, at most {@code limit}. */
    public CompletionStage<List<Long>> since(long authorId, long lowestId, int limit) {
        return walk(authorId, MonthBuckets.of(Instant.now()), MonthBuckets.ofId(lowestId), lowestId, limit,
                new ArrayList<>());
    }

    private CompletionStage<List<Long>> walk(long authorId, int bucket, int oldestBucket, long lowestId, int limit,
                                             List<Long> found) {
        return session.executeAsync(select.bind(authorId, bucket, lowestId, limit - found.size()))
                .thenCompose(page -> {
                    collect(page, found);
                    if (found.size() >= limit || bucket <= oldestBucket) {
                        return CompletableFuture.completedFuture(found);
                    }
                    return walk(authorId, MonthBuckets.previous(bucket), oldestBucket, lowestId, limit, found);
                });
    }

    private static void collect(AsyncResultSet page, List<Long> found) {
        for (Row row : page.currentPage()) {
            found.add(row.getLong(0));
        }
    }
}
