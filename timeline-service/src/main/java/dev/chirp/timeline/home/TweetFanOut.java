package dev.chirp.timeline.home;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.authors.AuthorTweetProjection;
import dev.chirp.timeline.graph.FollowProjection;
import dev.chirp.timeline.stream.ShardedChannels;
import dev.chirp.timeline.stream.StreamMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Fan-out on write (docs/design-rules.md, the hot paths): a new tweet's ID goes into the home timeline of its author and of
 * every active follower, one Redis pipeline per batch of followers. A follower is active when their timeline
 * exists: it lives for the active window after their last read and is rebuilt on the next read otherwise, so
 * fan-out never creates a partial timeline and needs no lookup of activity. Celebrities are not fanned out;
 * their tweets join a cache merged at read time.
 *
 * <p>One author's tweets are handled in order by one consumer thread (the topic is keyed by author), so a tweet's
 * own deliveries run on {@code fan-out-parallelism} threads at once: Redis works on one slice of followers while
 * the next is encoded and the next page is read from Cassandra. The consumer thread returns, and its offset is
 * committed, only once every slice is written; a failed slice fails the record, which is retried whole
 * (deliveries are idempotent).
 */
@Component
class TweetFanOut implements DisposableBean {

    /** Followers per delivery task: ten scripts of {@code SortedIdSets.DELIVER_SLICE} keys, one pipeline. */
    private static final int DELIVERY_TASK = 1000;

    private final AuthorTweetProjection index;
    private final FollowProjection graph;
    private final SortedIdSets sets;
    private final CelebrityTweets celebrities;
    private final RedisKeys keys;
    private final ShardedChannels streamChannels;
    private final TimelineProperties properties;
    private final Counter deliveries;
    private final Timer lag;
    private final ExecutorService deliveryThreads;

    TweetFanOut(AuthorTweetProjection index, FollowProjection graph, SortedIdSets sets, CelebrityTweets celebrities,
                RedisKeys keys, ShardedChannels streamChannels, TimelineProperties properties, MeterRegistry meters) {
        this.index = index;
        this.graph = graph;
        this.sets = sets;
        this.celebrities = celebrities;
        this.keys = keys;
        this.streamChannels = streamChannels;
        this.properties = properties;
        this.deliveries = Counter.builder("chirp.fanout.deliveries")
                .description("Tweet IDs newly written into home timelines").register(meters);
        this.lag = Timer.builder("chirp.fanout.lag")
                .description("From the tweet event's time to the end of its fan-out").publishPercentileHistogram()
                .register(meters);
        AtomicInteger threads = new AtomicInteger();
        this.deliveryThreads = Executors.newFixedThreadPool(properties.fanOutParallelism(), runnable -> {
            Thread thread = new Thread(runnable, "fan-out-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Exported so that dashboards and the benchmark know which authors are fanned out on this instance.
        Gauge.builder("chirp.timeline.celebrity.threshold", properties, TimelineProperties::celebrityThreshold)
                .description("Authors with at least this many followers are not fanned out").register(meters);
    }

    void created(TweetSnapshot tweet, Instant occurredAt) {
        long authorId = tweet.authorId();
        if (!index.record(authorId, tweet.id(), tweet.createdAt())) {
            return;
        }
        String message = StreamMessages.tweet(tweet.id());
        int trimAbove = trimAbove(tweet.createdAt());
        int delivered = sets.deliver(List.of(keys.home(authorId)), List.of(keys.userChannel(authorId)), tweet.id(),
                message, properties.maxEntries(), trimAbove).size();
        if (graph.isCelebrity(authorId)) {
            celebrities.added(authorId, tweet.id());
            if (StreamMessages.isLive(occurredAt)) {
                streamChannels.publish(keys.authorChannel(authorId), message);
            }
        } else {
            delivered += deliverToFollowers(authorId, tweet.id(), message, trimAbove);
        }
        deliveries.increment(delivered);
        lag.record(Duration.between(occurredAt, Instant.now()));
    }

    /**
     * A tweet younger than {@code trim-slack-window} may leave a full timeline up to {@code trim-slack} IDs over its
     * cap; an older one (a replay, a long backlog) is trimmed at once, so that a replay cannot bring back, nor
     * announce on the live stream, a tweet that was trimmed away long ago.
     */
    private int trimAbove(Instant createdAt) {
        boolean recent = Duration.between(createdAt, Instant.now()).compareTo(properties.trimSlackWindow()) < 0;
        return properties.maxEntries() + (recent ? properties.trimSlack() : 0);
    }

    /** Writes into every active follower's timeline, {@code fan-out-parallelism} tasks at a time; returns how many. */
    private int deliverToFollowers(long authorId, long tweetId, String message, int trimAbove) {
        Semaphore slots = new Semaphore(properties.fanOutParallelism());
        List<CompletableFuture<Integer>> tasks = new ArrayList<>();
        try {
            graph.forEachFollowerPage(authorId, properties.fanOutBatch(), followers -> {
                for (int from = 0; from < followers.size(); from += DELIVERY_TASK) {
                    List<Long> slice = followers.subList(from, Math.min(followers.size(), from + DELIVERY_TASK));
                    slots.acquireUninterruptibly();
                    try {
                        tasks.add(CompletableFuture.supplyAsync(() -> deliver(slice, tweetId, message, trimAbove),
                                deliveryThreads).whenComplete((count, failure) -> slots.release()));
                    } catch (RuntimeException rejected) {
                        slots.release();
                        throw rejected;
                    }
                }
            });
        } catch (RuntimeException pagingFailed) {
            // Let the tasks already started finish before the record is retried, so retries never pile up writers.
            allOf(tasks).exceptionally(failure -> null).join();
            throw pagingFailed;
        }
        try {
            allOf(tasks).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return tasks.stream().mapToInt(CompletableFuture::join).sum();
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<Integer>> tasks) {
        return CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
    }

    private int deliver(List<Long> followers, long tweetId, String message, int trimAbove) {
        List<String> homes = new ArrayList<>(followers.size());
        List<String> channels = new ArrayList<>(followers.size());
        for (long follower : followers) {
            homes.add(keys.home(follower));
            channels.add(keys.userChannel(follower));
        }
        return sets.deliver(homes, channels, tweetId, message, properties.maxEntries(), trimAbove).size();
    }

    /** Takes the tweet out where that is cheap; hydration drops deleted tweets from any timeline anyway. */
    void deleted(TweetDeleted deleted) {
        long authorId = deleted.authorId();
        List<Long> id = List.of(deleted.tweetId());
        index.remove(authorId, deleted.tweetId(), deleted.deletedAt());
        sets.remove(List.of(keys.home(authorId)), id);
        if (graph.isCelebrity(authorId)) {
            celebrities.removed(authorId, deleted.tweetId());
        } else {
            graph.forEachFollowerPage(authorId, properties.fanOutBatch(),
                    followers -> sets.remove(followers.stream().map(keys::home).toList(), id));
        }
    }

    @Override
    public void destroy() {
        deliveryThreads.shutdownNow();
    }
}
