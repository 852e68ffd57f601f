package dev.chirp.timeline.home;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.chirp.shared.error.DependencyFailures;
import dev.chirp.shared.web.DegradedHeader;
import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.authors.AuthorTweetProjection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Celebrities are not fanned out; their recent tweet IDs are cached in Redis (loaded from the author index on a
 * miss, expiring after a while) and merged into each follower's page at read time.
 */
@Component
class CelebrityTweets {

    private static final Logger log = LoggerFactory.getLogger(CelebrityTweets.class);

    private final SortedIdSets sets;
    private final RedisKeys keys;
    private final AuthorTweetProjection index;
    private final TimelineProperties properties;

    CelebrityTweets(SortedIdSets sets, RedisKeys keys, AuthorTweetProjection index, TimelineProperties properties) {
        this.sets = sets;
        this.keys = keys;
        this.index = index;
        this.properties = properties;
    }

    /**
     * Per celebrity, the IDs below the cursor, newest first, at most {@code count + 1}. A celebrity whose recent
     * tweets are not cached and cannot be read (Cassandra away) contributes none, and {@link DegradedHeader#CELEBRITIES}
     * is added to {@code degraded}. With {@code askRedis} false (the reader's own timeline just found Redis away)
     * they are all read from Cassandra at once: asking Redis again would wait for its timeout a second time.
     */
    List<List<Long>> newest(List<Long> celebrities, @Nullable Long belowExclusive, int count, Set<String> degraded,
                            boolean askRedis) {
        if (celebrities.isEmpty()) {
            return List.of();
        }
        List<@Nullable List<Long>> cached = new ArrayList<>(Collections.nCopies(celebrities.size(), null));
        boolean redisAway = !askRedis;
        if (askRedis) {
            try {
                cached = sets.newest(celebrities.stream().map(keys::celebrityRecent).toList(), belowExclusive, count,
                        null);
            } catch (RuntimeException e) {
                if (!DependencyFailures.isUnavailable(e)) {
                    throw e;
                }
                // read them all from the author index, cache nothing: the page stays whole
                log.warn("Celebrities' recent tweets read from Cassandra: Redis is away: {}", e.toString());
                redisAway = true;
            }
        }
        Map<Integer, CompletableFuture<List<Long>>> loads = new HashMap<>();
        for (int i = 0; i < celebrities.size(); i++) {
            if (cached.get(i) == null) {
                if (!redisAway) {
                    sets.beginBuild(keys.celebrityRecent(celebrities.get(i)));
                }
                loads.put(i, index.latest(celebrities.get(i), properties.celebrityRecent()).toCompletableFuture());
            }
        }
        List<List<Long>> result = new ArrayList<>(celebrities.size());
        for (int i = 0; i < celebrities.size(); i++) {
            List<Long> ids = cached.get(i);
            if (ids == null) {
                List<Long> loaded = load(loads.get(i), degraded);
                if (loaded == null) {
                    // the build marker expires on its own; the next read tries again
                    continue;
                }
                if (!redisAway) {
                    sets.completeBuild(keys.celebrityRecent(celebrities.get(i)), loaded,
                            properties.celebrityRecent(), properties.celebrityCacheTtl());
                }
                ids = loaded.stream().filter(id -> belowExclusive == null || id < belowExclusive)
                        .limit(count + 1L).toList();
            }
            result.add(ids);
        }
        return result;
    }

    private static @Nullable List<Long> load(CompletableFuture<List<Long>> load, Set<String> degraded) {
        try {
            return load.join();
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            log.warn("A celebrity's recent tweets could not be read: {}", e.toString());
            degraded.add(DegradedHeader.CELEBRITIES);
            return null;
        }
    }

    void added(long authorId, long tweetId) {
        sets.mergeIfPresent(keys.celebrityRecent(authorId), List.of(tweetId), properties.celebrityRecent());
    }

    void removed(long authorId, long tweetId) {
        sets.remove(List.of(keys.celebrityRecent(authorId)), List.of(tweetId));
    }
}
