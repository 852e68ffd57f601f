package dev.chirp.tweet.tweets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything a lookup may find in Redis, read in one round trip: the bodies ({@link TweetCache}), the counts, their
 * versions (which a fill of counts read from Cassandra must find unchanged) and the viewer's likes
 * ({@link EngagementCache}). As three reads they were three round trips per page, each one a wait of
 * the request thread for Lettuce's event loop (docs/07-bottlenecks-and-reliability.md, "Cost per request"). The keys
 * and their meaning stay with the cache that owns them; a failed read is a miss of everything, as each cache's own.
 */
@Component
class LookupCache {

    private static final Logger log = LoggerFactory.getLogger(LookupCache.class);

    /**
     * What Redis holds for a lookup: bodies (null = known deleted), counts, the viewer's likes (absent = a miss), and
     * the counts' versions (absent = none).
     */
    record Cached(Map<Long, @Nullable StoredTweet> bodies, Map<Long, Engagement.Counts> counts,
                  Map<Long, Long> countVersions, Map<Long, Boolean> liked) {

        static Cached nothing() {
            return new Cached(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        }
    }

    private final StringRedisTemplate redis;
    private final TweetCache bodies;
    private final EngagementCache engagement;

    LookupCache(StringRedisTemplate redis, TweetCache bodies, EngagementCache engagement) {
        this.redis = redis;
        this.bodies = bodies;
        this.engagement = engagement;
    }

    Cached read(Collection<Long> tweetIds, Optional<Long> viewer) {
        List<Long> ids = List.copyOf(tweetIds);
        if (ids.isEmpty()) {
            return Cached.nothing();
        }
        int n = ids.size();
        List<String> keys = new ArrayList<>(4 * n);
        keys.addAll(bodies.keys(ids));
        keys.addAll(engagement.countsKeys(ids));
        keys.addAll(engagement.versionKeys(ids));
        viewer.ifPresent(user -> keys.addAll(engagement.likedKeys(user, ids)));
        List<@Nullable String> values;
        try {
            values = CacheReads.values(redis, keys);
        } catch (DataAccessException e) {
            log.warn("Tweet caches unavailable, reading Cassandra: {}", e.toString());
            return Cached.nothing();
        }
        return new Cached(bodies.parse(ids, values.subList(0, n)),
                engagement.parseCounts(ids, values.subList(n, 2 * n)),
                engagement.parseVersions(ids, values.subList(2 * n, 3 * n)),
                viewer.isPresent() ? engagement.parseLiked(ids, values.subList(3 * n, 4 * n)) : new HashMap<>());
    }
}
