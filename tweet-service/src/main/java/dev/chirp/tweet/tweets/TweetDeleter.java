package dev.chirp.tweet.tweets;

import java.time.Instant;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import dev.chirp.shared.cassandra.LoggedBatches;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.outbox.Outbox;
import dev.chirp.tweet.KeyLocks;
import org.springframework.stereotype.Component;

/**
 * Deletes a tweet: one logged batch marks it deleted, removes it from its author's timeline and its parent's
 * replies, and records TweetDeleted in the outbox; then its cached body is replaced by a tombstone.
 */
@Component
class TweetDeleter {

    private final LoggedBatches batches;
    private final TweetStore store;
    private final TweetCache cache;
    private final Engagement engagement;
    private final Outbox outbox;
    private final KeyLocks locks;

    TweetDeleter(LoggedBatches batches, TweetStore store, TweetCache cache, Engagement engagement, Outbox outbox,
                 KeyLocks locks) {
        this.batches = batches;
        this.store = store;
        this.cache = cache;
        this.engagement = engagement;
        this.outbox = outbox;
        this.locks = locks;
    }

    void delete(long tweetId, long callerId) {
        locks.withLock("delete:" + tweetId, () -> {
            StoredTweet tweet = store.find(tweetId).filter(stored -> !stored.deleted())
                    .orElseThrow(() -> ApiException.notFound("No tweet " + tweetId + "."))
                    .tweet();
            if (tweet.authorId() != callerId) {
                throw ApiException.forbidden("Only the author can delete a tweet.");
            }
            Instant now = Instant.now();
            BoundStatement event = outbox.insert(new TweetDeleted(tweet.id(), tweet.authorId(), now), now);
            BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED)
                    .addAll(store.delete(tweet))
                    .add(event);
            batches.execute(batch);
            if (tweet.replyToId() != null) {
                // the delete is written: a 503 now would only make the client delete it again
                engagement.addReplies(tweet.replyToId(), -1);
            }
            cache.markDeleted(tweet.id());
            outbox.nudge(event);
            return null;
        });
    }
}
