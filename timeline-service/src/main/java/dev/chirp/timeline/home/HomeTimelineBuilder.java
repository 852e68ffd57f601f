package dev.chirp.timeline.home;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.authors.AuthorTweetProjection;
import dev.chirp.timeline.graph.FollowProjection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Builds a missing home timeline (new user, inactive user whose timeline expired, Redis flushed) from Cassandra:
 * the newest tweets of each followee and of the user, bounded per author and in total. The timeline exists from
 * the start of the build, so tweets fanned out meanwhile land in it instead of being lost.
 */
@Component
class HomeTimelineBuilder {

    /** Followees whose recent tweets are fetched at once; bounds the concurrent queries of one rebuild. */
    private static final int PARALLEL_AUTHORS = 64;

    private final SortedIdSets sets;
    private final RedisKeys keys;
    private final FollowProjection graph;
    private final AuthorTweetProjection index;
    private final TimelineProperties properties;
    private final Counter rebuilds;

    HomeTimelineBuilder(SortedIdSets sets, RedisKeys keys, FollowProjection graph, AuthorTweetProjection index,
                        TimelineProperties properties, MeterRegistry meters) {
        this.sets = sets;
        this.keys = keys;
        this.graph = graph;
        this.index = index;
        this.properties = properties;
        this.rebuilds = Counter.builder("chirp.timeline.rebuilds")
                .description("Home timelines rebuilt from Cassandra").register(meters);
    }

    /** Rebuilds the timeline and marks the user active (the timeline lives for the active window). */
    void rebuild(long userId) {
        String key = keys.home(userId);
        sets.beginBuild(key);
        sets.completeBuild(key, newestOfFolloweesAndSelf(userId), properties.maxEntries(), properties.activeWindow());
        rebuilds.increment();
    }

    /**
     * What a rebuild would hold below the cursor, newest first, at most {@code count}, without writing it anywhere:
     * the page source while the timeline's Redis node is away (docs/07-bottlenecks-and-reliability.md, "When a store
     * is down"). It is as complete as a rebuilt timeline: the newest tweets of each followee, bounded per author.
     */
    List<Long> newestWithoutRedis(long userId, @Nullable Long belowExclusive, int count) {
        return newestOfFolloweesAndSelf(userId).stream()
                .filter(id -> belowExclusive == null || id < belowExclusive)
                .limit(count)
                .toList();
    }

    private TreeSet<Long> newestOfFolloweesAndSelf(long userId) {
        List<Long> authors = new ArrayList<>(graph.followees(userId));
        authors.add(userId);
        TreeSet<Long> newest = new TreeSet<>(Comparator.reverseOrder());
        for (int from = 0; from < authors.size(); from += PARALLEL_AUTHORS) {
            List<CompletableFuture<List<Long>>> batch = authors
                    .subList(from, Math.min(authors.size(), from + PARALLEL_AUTHORS)).stream()
                    .map(author -> index.latest(author, properties.rebuildPerAuthor()).toCompletableFuture())
                    .toList();
            for (CompletableFuture<List<Long>> ids : batch) {
                newest.addAll(ids.join());
                while (newest.size() > properties.maxEntries()) {
                    newest.pollLast();
                }
            }
        }
        return newest;
    }
}
