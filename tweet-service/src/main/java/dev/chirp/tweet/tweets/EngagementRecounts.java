package dev.chirp.tweet.tweets;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.shared.cassandra.CounterRecounts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a tweet's counters are mended after an update of theirs failed ({@link CounterRecounts}).
 * <ul>
 *   <li>{@code like_count}: the like edges whose {@code counted} flag is set. The flag is what moved the counter, so
 *   an edge claimed by a like still under way (not yet flagged) is left out, as the counter has not counted it
 *   either. The edges are one partition each (a like's transaction contends on nothing else), so they are found
 *   through a storage-attached index on {@code tweet_id} (schema.cql): a query on every node that only a recount
 *   asks, never a request.</li>
 *   <li>{@code reply_count}: the parent's rows in {@code replies_by_parent}, written with each reply and deleted with
 *   it, before the counter moves either way.</li>
 * </ul>
 * Either move drops the cached counts of the tweet.
 */
@Configuration(proxyBeanMethods = false)
class EngagementRecounts {

    private static final String LIKES = "like_count";
    private static final String REPLIES = "reply_count";

    static CounterRecounts.Key likes(long tweetId) {
        return new CounterRecounts.Key(LIKES, tweetId);
    }

    static CounterRecounts.Key replies(long tweetId) {
        return new CounterRecounts.Key(REPLIES, tweetId);
    }

    @Bean
    CounterRecounts.Recount likeCountRecount(CqlSession session, EngagementCache cache) {
        return CounterRecounts.ofRows(session, "tweet_counts", LIKES, "tweet_id",
                "SELECT counted FROM likes_by_tweet WHERE tweet_id = ?", "counted",
                cache::countsChanged);
    }

    @Bean
    CounterRecounts.Recount replyCountRecount(CqlSession session, EngagementCache cache) {
        return CounterRecounts.ofRows(session, "tweet_counts", REPLIES, "tweet_id",
                "SELECT tweet_id FROM replies_by_parent WHERE parent_id = ?", null, cache::countsChanged);
    }
}
