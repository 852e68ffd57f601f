package dev.chirp.timeline.home;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.chirp.shared.error.DependencyFailures;
import dev.chirp.shared.web.DegradedHeader;
import dev.chirp.shared.web.Page;
import dev.chirp.timeline.IdCursors;
import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.graph.FollowProjection;
import dev.chirp.timeline.hydration.TweetBatchClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Serves home timeline pages: the caller's materialised timeline merged with the recent tweets of the
 * celebrities they follow, newest first.
 *
 * <p>Cursor: the ID of the last tweet looked at. Every source is asked for IDs strictly below it and the merge
 * takes the globally newest, so a page never repeats or skips an entry, however the sources interleave; new
 * tweets arriving meanwhile are above the cursor and do not shift later pages.
 *
 * <p>Deleted tweets are absent from the hydration answer; the page then keeps filling from further IDs, for a
 * bounded number of lookups. So are tweets tweet-service could not read while Cassandra was away: the page is served
 * without them, and its {@code Chirp-Degraded} header says so.
 */
@Component
class HomeTimelineReader {

    private static final Logger log = LoggerFactory.getLogger(HomeTimelineReader.class);

    /** Extra IDs asked for per lookup, so that a few deleted tweets do not force another round. */
    private static final int DELETION_SLACK = 5;
    private static final int MAX_LOOKUPS = 3;

    private final SortedIdSets sets;
    private final RedisKeys keys;
    private final FollowProjection graph;
    private final CelebrityTweets celebrities;
    private final HomeTimelineBuilder builder;
    private final TweetBatchClient hydrator;
    private final TimelineProperties properties;

    HomeTimelineReader(SortedIdSets sets, RedisKeys keys, FollowProjection graph, CelebrityTweets celebrities,
                       HomeTimelineBuilder builder, TweetBatchClient hydrator, TimelineProperties properties) {
        this.sets = sets;
        this.keys = keys;
        this.graph = graph;
        this.celebrities = celebrities;
        this.builder = builder;
        this.hydrator = hydrator;
        this.properties = properties;
    }

    /** A page, and the {@link DegradedHeader} parts it lacks because a store was away (empty when complete). */
    record HomePage(Page<JsonNode> page, Set<String> degraded) {
    }

    HomePage read(long userId, int limit, @Nullable Long belowExclusive, ReadTimings timings) {
        Set<String> degraded = new TreeSet<>();
        List<Long> followedCelebrities = null;
        List<JsonNode> items = new ArrayList<>(limit);
        Long position = belowExclusive;
        boolean more = true;
        for (int lookup = 0; lookup < MAX_LOOKUPS && more && items.size() < limit; lookup++) {
            int wanted = Math.min(TweetBatchClient.MAX_IDS, limit - items.size() + DELETION_SLACK);
            // One more than needed from each source tells whether anything lies beyond this batch.
            Long below = position;
            List<Long> home = timings.time(ReadTimings.REDIS,
                    () -> homeTimeline(userId, below, wanted + 1, degraded));
            if (followedCelebrities == null) {
                // After the first Redis read, which tells whether Redis is there to ask for the list at all.
                followedCelebrities = timings.time(ReadTimings.FOLLOWS, () -> celebrityFollowees(userId, degraded));
            }
            Candidates candidates = candidates(home, followedCelebrities, position, wanted, timings, degraded);
            TweetBatchClient.Hydrated hydrated = timings.time(ReadTimings.HYDRATE,
                    () -> hydrator.hydrate(candidates.ids(), userId));
            degraded.addAll(hydrated.degraded());
            int examined = 0;
            for (Long id : candidates.ids()) {
                if (items.size() == limit) {
                    break;
                }
                examined++;
                position = id;
                JsonNode tweet = hydrated.tweets().get(id);
                if (tweet != null) {
                    items.add(tweet);
                }
            }
            more = candidates.more() || examined < candidates.ids().size();
        }
        return new HomePage(new Page<>(items, more && position != null ? IdCursors.after(position) : null),
                degraded);
    }

    /**
     * The celebrities the reader follows, from Redis's copy or Cassandra; when neither can answer the page is served
     * without their tweets (docs/07-bottlenecks-and-reliability.md, "When a store is down") rather than not at all.
     */
    private List<Long> celebrityFollowees(long userId, Set<String> degraded) {
        try {
            // While Redis is away its cached list would only add its timeout to the page.
            return graph.celebrityFollowees(userId, !degraded.contains(DegradedHeader.TIMELINE));
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            log.warn("Home timeline of {} served without followed celebrities: {}", userId, e.toString());
            degraded.add(DegradedHeader.CELEBRITIES);
            return List.of();
        }
    }

    /**
     * The newest {@code count} distinct IDs below the position across the caller's timeline and followed
     * celebrities' recent tweets; {@code more} when any source holds further ones.
     */
    private Candidates candidates(List<Long> home, List<Long> followedCelebrities, @Nullable Long belowExclusive,
                                  int count, ReadTimings timings, Set<String> degraded) {
        TreeSet<Long> merged = new TreeSet<>(Comparator.reverseOrder());
        merged.addAll(home);
        timings.time(ReadTimings.CELEBRITIES,
                () -> celebrities.newest(followedCelebrities, belowExclusive, count + 1, degraded,
                        !degraded.contains(DegradedHeader.TIMELINE)))
                .forEach(merged::addAll);
        List<Long> ids = new ArrayList<>(count);
        for (Long id : merged) {
            if (ids.size() == count) {
                break;
            }
            ids.add(id);
        }
        return new Candidates(ids, merged.size() > count);
    }

    private List<Long> homeTimeline(long userId, @Nullable Long belowExclusive, int count, Set<String> degraded) {
        List<String> key = List.of(keys.home(userId));
        List<Long> ids;
        try {
            ids = sets.newest(key, belowExclusive, count, properties.activeWindow()).get(0);
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            // A Redis node lost (until its replica takes over) or all of Redis: the page is what a rebuild would
            // hold, read from Cassandra and written nowhere.
            log.warn("Home timeline of {} built from Cassandra: Redis is away: {}", userId, e.toString());
            degraded.add(DegradedHeader.TIMELINE);
            return builder.newestWithoutRedis(userId, belowExclusive, count);
        }
        if (ids == null) {
            builder.rebuild(userId);
            ids = sets.newest(key, belowExclusive, count, null).get(0);
        }
        return ids == null ? List.of() : ids;
    }

    private record Candidates(List<Long> ids, boolean more) {
    }
}
