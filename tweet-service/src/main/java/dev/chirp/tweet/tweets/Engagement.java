package dev.chirp.tweet.tweets;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import org.springframework.stereotype.Component;

/**
 * Like and reply counts (Cassandra counters) and who liked what. Always read from Cassandra, never cached, so that
 * every view of a tweet shows fresh counts. Counters move only after the change they count has been written once:
 * the like edge's LWT winner, the posted or deleted reply.
 */
@Component
public class Engagement {

    private final CqlSession session;
    private final PreparedStatement addLikes;
    private final PreparedStatement addReplies;
    private final PreparedStatement selectCounts;
    private final PreparedStatement selectLiked;

    Engagement(CqlSession session) {
        this.session = session;
        this.addLikes = session.prepare("UPDATE tweet_counts SET like_count = like_count + ? WHERE tweet_id = ?");
        this.addReplies = session.prepare(
                "UPDATE tweet_counts SET reply_count = reply_count + ? WHERE tweet_id = ?");
        this.selectCounts = session.prepare(
                "SELECT tweet_id, like_count, reply_count FROM tweet_counts WHERE tweet_id IN ?");
        this.selectLiked = session.prepare(
                "SELECT tweet_id FROM likes_by_tweet WHERE tweet_id IN ? AND user_id = ?");
    }

    public void addLikes(long tweetId, long delta) {
        session.execute(addLikes.bind(delta, tweetId));
    }

    public void addReplies(long tweetId, long delta) {
        session.execute(addReplies.bind(delta, tweetId));
    }

    public long likeCount(long tweetId) {
        return counts(List.of(tweetId)).getOrDefault(tweetId, Counts.NONE).likes();
    }

    public Map<Long, Counts> counts(Collection<Long> tweetIds) {
        Map<Long, Counts> counts = new HashMap<>();
        if (tweetIds.isEmpty()) {
            return counts;
        }
        for (Row row : session.execute(selectCounts.bind(List.copyOf(tweetIds)))) {
            counts.put(row.getLong("tweet_id"),
                    new Counts(Math.max(0, row.getLong("like_count")), Math.max(0, row.getLong("reply_count"))));
        }
        return counts;
    }

    /** Which of {@code tweetIds} {@code userId} has liked. */
    public Set<Long> likedBy(long userId, Collection<Long> tweetIds) {
        Set<Long> liked = new HashSet<>();
        if (tweetIds.isEmpty()) {
            return liked;
        }
        for (Row row : session.execute(selectLiked.bind(List.copyOf(tweetIds), userId))) {
            liked.add(row.getLong("tweet_id"));
        }
        return liked;
    }

    public record Counts(long likes, long replies) {
        static final Counts NONE = new Counts(0, 0);
    }
}
