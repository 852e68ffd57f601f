package dev.chirp.tweet.tweets;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.tweet.TweetProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts and who-liked-what in Redis, in front of the Cassandra reads every tweet view made: a home page of ten
 * tweets read 20 partitions of tweet_counts and likes_by_tweet (with the other caches, Cassandra's CPU per home read
 * went from 6.7 to 3.0 ms: docs/07-bottlenecks-and-reliability.md, "Cost per request").
 *
 * <ul>
 *   <li>{@code <prefix>counts:<tweet>} = {@code likes:replies}, for {@code countsTtl}. A change to a counter deletes
 *       the entry after Cassandra has it, so the next view reads the new value. A view that read Cassandra just
 *       before a change may still put the old value back (fills are {@code SET NX}, but the entry was just
 *       deleted): then the count lags by at most {@code countsTtl}.</li>
 *   <li>{@code <prefix>liked:<user>:<tweet>} = {@code 1} or {@code 0}, for {@code likedTtl}. A like or unlike writes
 *       its entry unconditionally after Cassandra has the edge; fills are {@code SET NX}, so a fill from a read made
 *       before the change either lands first (and is overwritten) or finds the entry and changes nothing: the
 *       liker sees their own like at once, always.</li>
 * </ul>
 * Redis may be lost (design rule 2 (docs/design-rules.md)): a failed read is a miss, a failed fill is skipped.
 */
@Component
class EngagementCache {

    private static final Logger log = LoggerFactory.getLogger(EngagementCache.class);

    private final StringRedisTemplate redis;
    private final String countsPrefix;
    private final String likedPrefix;
    private final Duration countsTtl;
    private final Duration likedTtl;

    EngagementCache(StringRedisTemplate redis, TweetProperties properties) {
        this.redis = redis;
        this.countsPrefix = properties.cache().keyPrefix() + "counts:";
        this.likedPrefix = properties.cache().keyPrefix() + "liked:";
        this.countsTtl = properties.cache().countsTtl();
        this.likedTtl = properties.cache().likedTtl();
    }

    /** The cached counts among {@code tweetIds}; absent IDs are misses. */
    Map<Long, Engagement.Counts> counts(Collection<Long> tweetIds) {
        List<Long> ids = List.copyOf(tweetIds);
        return parseCounts(ids, multiGet(countsKeys(ids)));
    }

    /** The counts keys of {@code ids}, in their order (for a read shared with other caches: {@link LookupCache}). */
    List<String> countsKeys(List<Long> ids) {
        return ids.stream().map(this::countsKey).toList();
    }

    /** {@link #counts}'s answer from the values of {@link #countsKeys}. */
    Map<Long, Engagement.Counts> parseCounts(List<Long> ids, List<@Nullable String> values) {
        Map<Long, Engagement.Counts> found = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            int colon = value == null ? -1 : value.indexOf(':');
            if (colon > 0) {
                found.put(ids.get(i), new Engagement.Counts(Long.parseLong(value.substring(0, colon)),
                        Long.parseLong(value.substring(colon + 1))));
            }
        }
        return found;
    }

    void fillCounts(Map<Long, Engagement.Counts> counts) {
        Map<String, String> entries = new HashMap<>();
        counts.forEach((id, c) -> entries.put(countsKey(id), c.likes() + ":" + c.replies()));
        setIfAbsent(entries, countsTtl);
    }

    /** After a counter changed in Cassandra. */
    void countsChanged(long tweetId) {
        try {
            redis.delete(countsKey(tweetId));
        } catch (DataAccessException e) {
            // The old count stays visible until the entry expires: worth an error, not a failed like.
            log.error("Could not drop the cached counts of tweet {}: {}", tweetId, e.toString());
        }
    }

    /** Whether {@code userId} liked each of {@code tweetIds}, as far as cached; absent IDs are misses. */
    Map<Long, Boolean> liked(long userId, Collection<Long> tweetIds) {
        List<Long> ids = List.copyOf(tweetIds);
        return parseLiked(ids, multiGet(likedKeys(userId, ids)));
    }

    /** The keys of {@code userId}'s likes of {@code ids}, in their order ({@link LookupCache}). */
    List<String> likedKeys(long userId, List<Long> ids) {
        return ids.stream().map(id -> likedKey(userId, id)).toList();
    }

    /** {@link #liked}'s answer from the values of {@link #likedKeys}. */
    Map<Long, Boolean> parseLiked(List<Long> ids, List<@Nullable String> values) {
        Map<Long, Boolean> found = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                found.put(ids.get(i), "1".equals(values.get(i)));
            }
        }
        return found;
    }

    void fillLiked(long userId, Map<Long, Boolean> liked) {
        Map<String, String> entries = new HashMap<>();
        liked.forEach((id, yes) -> entries.put(likedKey(userId, id), yes ? "1" : "0"));
        setIfAbsent(entries, likedTtl);
    }

    /** After a like edge was written or removed in Cassandra. */
    void likeChanged(long userId, long tweetId, boolean liked) {
        try {
            redis.opsForValue().set(likedKey(userId, tweetId), liked ? "1" : "0", likedTtl);
        } catch (DataAccessException e) {
            log.error("Could not record that user {} {} tweet {} in the cache: {}", userId,
                    liked ? "liked" : "unliked", tweetId, e.toString());
            try {
                redis.delete(likedKey(userId, tweetId));
            } catch (DataAccessException again) {
                // Redis is away: its entries are lost with it, or expire.
            }
        }
    }

    /** The values in the order of {@code keys}, null for a missing key; empty when Redis could not answer. */
    private List<@Nullable String> multiGet(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        try {
            return CacheReads.values(redis, keys);
        } catch (DataAccessException e) {
            log.warn("Engagement cache unavailable, reading Cassandra: {}", e.toString());
            return List.of();
        }
    }

    private void setIfAbsent(Map<String, String> entries, Duration ttl) {
        try {
            CacheFill.ifAbsent(redis, entries, ttl);
        } catch (DataAccessException e) {
            log.warn("Could not fill the engagement cache: {}", e.toString());
        }
    }

    private String countsKey(long tweetId) {
        return countsPrefix + tweetId;
    }

    private String likedKey(long userId, long tweetId) {
        return likedPrefix + userId + ":" + tweetId;
    }

}
