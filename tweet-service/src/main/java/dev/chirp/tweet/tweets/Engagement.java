package dev.chirp.tweet.tweets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.cassandra.CounterUpdates;
import org.springframework.stereotype.Component;

/**
 * Like and reply counts (Cassandra counters) and who liked what, read through {@link EngagementCache} (its comment
 * says when a count can be stale: only when Redis failed to take a change's invalidation, then for at most
 * {@code chirp.tweet.cache.counts-ttl}; a liker always sees their
 * own like). Counters move only after the change they count has been written once: the like edge's LWT winner,
 * the posted or deleted reply. {@link #likeCount} always reads Cassandra: it is the answer to a like.
 */
@Component
public class Engagement {

    private final CqlSession session;
    private final EngagementCache cache;
    private final CounterUpdates counterUpdates;
    private final PreparedStatement addLikes;
    private final PreparedStatement addReplies;
    private final PreparedStatement selectCounts;
    private final PreparedStatement selectLiked;

    Engagement(CqlSession session, EngagementCache cache, CounterUpdates counterUpdates) {
        this.session = session;
        this.cache = cache;
        this.counterUpdates = counterUpdates;
        this.addLikes = session.prepare("UPDATE tweet_counts SET like_count = like_count + ? WHERE tweet_id = ?");
        this.addReplies = session.prepare(
                "UPDATE tweet_counts SET reply_count = reply_count + ? WHERE tweet_id = ?");
        this.selectCounts = session.prepare(
                "SELECT tweet_id, like_count, reply_count FROM tweet_counts WHERE tweet_id IN ?");
        this.selectLiked = session.prepare(
                "SELECT tweet_id FROM likes_by_tweet WHERE tweet_id IN ? AND user_id = ?");
    }

    /**
     * Moves the like count after a like edge was claimed or removed. Never fails for a store away: the count is then
     * recounted from the edges ({@link EngagementRecounts}), and the like goes on ({@link CounterUpdates}).
     */
    public void addLikes(long tweetId, long delta) {
        try {
            counterUpdates.apply(() -> session.execute(counterUpdates.bounded(addLikes.bind(delta, tweetId))),
                    EngagementRecounts.likes(tweetId));
        } finally {
            // a counter update that failed may still have been applied
            cache.countsChanged(tweetId);
        }
    }

    /** Moves the reply count after a reply was written or deleted; as {@link #addLikes}, it never fails the change. */
    public void addReplies(long tweetId, long delta) {
        try {
            counterUpdates.apply(() -> session.execute(counterUpdates.bounded(addReplies.bind(delta, tweetId))),
                    EngagementRecounts.replies(tweetId));
        } finally {
            cache.countsChanged(tweetId);
        }
    }

    /** Called once the like edge of {@code userId} on the tweet has been written ({@code true}) or removed. */
    public void likeChanged(long userId, long tweetId, boolean liked) {
        cache.likeChanged(userId, tweetId, liked);
    }

    /** The like count as Cassandra has it now. */
    public long likeCount(long tweetId) {
        return readCounts(List.of(tweetId)).getOrDefault(tweetId, Counts.NONE).likes();
    }

    /**
     * Counts of {@code tweetIds}: what {@code cached} holds, Cassandra for the rest, which then goes into the cache
     * unless a change came after {@code versions} (the versions read with {@code cached}, before Cassandra). A tweet
     * never liked nor replied to has none.
     */
    Map<Long, Counts> counts(Collection<Long> tweetIds, Map<Long, Counts> cached, Map<Long, Long> versions) {
        Map<Long, Counts> counts = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : tweetIds) {
            Counts known = cached.get(id);
            if (known != null) {
                counts.put(id, known);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<Long, Counts> read = readCounts(missing);
            // Tweets without a counter row are cached too, as zeros: they are most of them.
            missing.forEach(id -> read.putIfAbsent(id, Counts.NONE));
            cache.fillCounts(read, versions);
            counts.putAll(read);
        }
        return counts;
    }

    /**
     * Whether {@code userId} has liked each of {@code tweetIds} (every ID is a key): what {@code cached} holds; then
     * no for every tweet whose like count in {@code counts} (the same answer's) is zero, which is most tweets and
     * needs no read; Cassandra for the rest. The inference cannot hide a viewer's own like from them: a like writes
     * its liker's entry before it is answered ({@link #likeChanged}), and it drops the count cached before it, which a
     * view that read Cassandra before the like can no longer put back ({@link EngagementCache}'s versions). Only when
     * Redis fails in the middle of the like may the liker see {@code false} beside a stale count of 0, for at most
     * {@code counts-ttl}; the answer is never {@code liked_by_me: true} with a count of 0.
     */
    Map<Long, Boolean> likedMap(long userId, Collection<Long> tweetIds, Map<Long, Boolean> cached,
                                Map<Long, Counts> counts) {
        Map<Long, Boolean> liked = knownLiked(tweetIds, cached, counts);
        List<Long> missing = tweetIds.stream().filter(id -> !liked.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            Map<Long, Boolean> read = new HashMap<>();
            missing.forEach(id -> read.put(id, false));
            for (Row row : session.execute(selectLiked.bind(missing, userId))) {
                read.put(row.getLong("tweet_id"), true);
            }
            cache.fillLiked(userId, read);
            liked.putAll(read);
        }
        return liked;
    }

    /**
     * What is known of a viewer's likes among {@code tweetIds} without Cassandra ({@link #likedMap}'s first two
     * steps): the cached answers, and no where the count is zero. Also all there is when Cassandra is away.
     */
    Map<Long, Boolean> knownLiked(Collection<Long> tweetIds, Map<Long, Boolean> cached, Map<Long, Counts> counts) {
        Map<Long, Boolean> liked = new HashMap<>();
        for (Long id : tweetIds) {
            Boolean known = cached.get(id);
            Counts count = counts.get(id);
            if (known != null) {
                liked.put(id, known);
            } else if (count != null && count.likes() == 0) {
                liked.put(id, false);
            }
        }
        return liked;
    }

    private Map<Long, Counts> readCounts(Collection<Long> tweetIds) {
        Map<Long, Counts> counts = new HashMap<>();
        for (Row row : session.execute(selectCounts.bind(List.copyOf(tweetIds)))) {
            counts.put(row.getLong("tweet_id"),
                    new Counts(Math.max(0, row.getLong("like_count")), Math.max(0, row.getLong("reply_count"))));
        }
        return counts;
    }

    public record Counts(long likes, long replies) {
        static final Counts NONE = new Counts(0, 0);
    }
}
