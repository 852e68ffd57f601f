package dev.chirp.tweet.tweets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.chirp.shared.redis.LuaScripts;
import dev.chirp.tweet.TweetProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import io.lettuce.core.cluster.SlotHash;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Counts and who-liked-what in Redis, in front of the Cassandra reads every tweet view made: a home page of ten
 * tweets read 20 partitions of tweet_counts and likes_by_tweet (with the other caches, Cassandra's CPU per home read
 * went from 6.7 to 3.0 ms: docs/07-bottlenecks-and-reliability.md, "Cost per request").
 *
 * <ul>
 *   <li>{@code <prefix>counts:{<tweet>}} = {@code likes:replies}, for {@code countsTtl}, and beside it (same hash slot)
 *       {@code <prefix>counts-version:{<tweet>}}, a number raised by every change of the tweet's counters. A change
 *       raises the version, then deletes the entry, after Cassandra has it. A view that misses reads the version
 *       together with the entry (one MGET, {@link LookupCache}), then Cassandra, and fills only if the version is
 *       still the one it saw ({@code scripts/fill_counts.lua}), so a count read before a change can never be put back
 *       after it. A count then lags a change only when Redis failed to take the change's version and delete (logged
 *       as an error): for at most {@code countsTtl}. With fills that cannot go stale the entries can live long: they
 *       lived 30 s before, and their misses were two thirds of Cassandra's reads on home timelines.</li>
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

    /** KEYS: counts entry and its version, pair by pair; ARGV: TTL ms, then value and version seen, pair by pair. */
    private static final RedisScript<Long> FILL_COUNTS = LuaScripts.of("fill_counts", Long.class);

    /** KEYS: counts entry, its version; ARGV: the version's TTL ms. */
    private static final RedisScript<Long> COUNTS_CHANGED = LuaScripts.of("counts_changed", Long.class);

    /**
     * How long a version is kept after the last change: far longer than any view takes between reading it and
     * filling, or a version that expired meanwhile would look like the "none" the view saw.
     */
    private static final Duration VERSION_TTL = Duration.ofHours(1);

    /** A tweet whose counters never changed (in the last {@link #VERSION_TTL}) has no version key. */
    static final long NO_VERSION = 0;

    private final StringRedisTemplate redis;
    private final String countsPrefix;
    private final String versionPrefix;
    private final String likedPrefix;
    private final Duration countsTtl;
    private final Duration likedTtl;
    private final boolean clustered;

    EngagementCache(StringRedisTemplate redis, TweetProperties properties) {
        this.redis = redis;
        this.countsPrefix = properties.cache().keyPrefix() + "counts:";
        this.versionPrefix = properties.cache().keyPrefix() + "counts-version:";
        this.likedPrefix = properties.cache().keyPrefix() + "liked:";
        this.countsTtl = properties.cache().countsTtl();
        this.likedTtl = properties.cache().likedTtl();
        this.clustered = CacheReads.clusterAware(redis.getConnectionFactory());
    }

    /** The counts keys of {@code ids}, in their order: read with the other caches' keys by {@link LookupCache}. */
    List<String> countsKeys(List<Long> ids) {
        return ids.stream().map(this::countsKey).toList();
    }

    /** The counts version keys of {@code ids}, in their order ({@link LookupCache}). */
    List<String> versionKeys(List<Long> ids) {
        return ids.stream().map(this::versionKey).toList();
    }

    /** The cached counts among {@code ids} from the values of {@link #countsKeys}; absent IDs are misses. */
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

    /** The versions from the values of {@link #versionKeys}; {@link #NO_VERSION} where there is none. */
    Map<Long, Long> parseVersions(List<Long> ids, List<@Nullable String> values) {
        Map<Long, Long> versions = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            versions.put(ids.get(i), value == null ? NO_VERSION : Long.parseLong(value));
        }
        return versions;
    }

    /**
     * Caches counts read from Cassandra, each only where no entry is there and its tweet's version is still the one
     * seen before the read ({@code versions}; absent means {@link #NO_VERSION}). One script call per hash slot.
     */
    void fillCounts(Map<Long, Engagement.Counts> counts, Map<Long, Long> versions) {
        if (counts.isEmpty()) {
            return;
        }
        Collection<List<Long>> groups = clustered
                ? counts.keySet().stream().collect(Collectors.groupingBy(id -> SlotHash.getSlot(countsKey(id)),
                        LinkedHashMap::new, Collectors.toList())).values()
                : List.of(List.copyOf(counts.keySet()));
        try {
            for (List<Long> group : groups) {
                List<String> keys = new ArrayList<>(2 * group.size());
                List<String> args = new ArrayList<>(1 + 2 * group.size());
                args.add(Long.toString(countsTtl.toMillis()));
                for (Long id : group) {
                    Engagement.Counts c = counts.get(id);
                    keys.add(countsKey(id));
                    keys.add(versionKey(id));
                    args.add(c.likes() + ":" + c.replies());
                    args.add(Long.toString(versions.getOrDefault(id, NO_VERSION)));
                }
                redis.execute(FILL_COUNTS, keys, args.toArray());
            }
        } catch (DataAccessException e) {
            log.warn("Could not fill the engagement cache: {}", e.toString());
        }
    }

    /** After a counter changed in Cassandra: raises the tweet's version, then drops its entry. */
    void countsChanged(long tweetId) {
        try {
            redis.execute(COUNTS_CHANGED, List.of(countsKey(tweetId), versionKey(tweetId)),
                    Long.toString(VERSION_TTL.toMillis()));
        } catch (DataAccessException e) {
            // The old count stays visible until the entry expires: worth an error, not a failed like.
            log.error("Could not drop the cached counts of tweet {}: {}", tweetId, e.toString());
        }
    }

    /** The keys of {@code userId}'s likes of {@code ids}, in their order ({@link LookupCache}). */
    List<String> likedKeys(long userId, List<Long> ids) {
        return ids.stream().map(id -> likedKey(userId, id)).toList();
    }

    /** Whether the user liked each of {@code ids}, as far as cached, from the values of {@link #likedKeys}. */
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

    private void setIfAbsent(Map<String, String> entries, Duration ttl) {
        try {
            CacheFill.ifAbsent(redis, entries, ttl);
        } catch (DataAccessException e) {
            log.warn("Could not fill the engagement cache: {}", e.toString());
        }
    }

    /** In braces: a tweet's entry and its version share a hash slot, so one script may touch both. */
    private String countsKey(long tweetId) {
        return countsPrefix + "{" + tweetId + "}";
    }

    private String versionKey(long tweetId) {
        return versionPrefix + "{" + tweetId + "}";
    }

    private String likedKey(long userId, long tweetId) {
        return likedPrefix + userId + ":" + tweetId;
    }

}
