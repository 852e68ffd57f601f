package dev.chirp.timeline.stream;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.hydration.TweetBatchClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tweets pushed to live streams, looked up once and shared: one fan-out publishes the same tweet ID to every
 * follower's channel, and each of their open streams (several per user, many users per instance) wants it. The
 * first one asks tweet-service; every other within {@code lookup-window} gets the same answer, rendered once. The
 * answer is the anonymous view ({@code liked_by_me} false): a tweet seconds old has hardly been liked by its
 * reader yet, and the next home read shows the reader's own view.
 *
 * <p>Lookups run on {@code lookup-threads} threads with {@code lookup-queue} waiting; a lookup that finds them full
 * is refused, not queued: the tweet is then not pushed (it is in the home timelines all the same) and
 * {@code chirp.stream.tweet.lookups.rejected} counts it. A failed lookup is not kept, so a later message retries.
 */
@Component
class LiveTweets implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveTweets.class);

    /** The rendered tweet, or empty when it no longer exists. */
    private record Entry(CompletableFuture<Optional<String>> tweet, long startedAt) {
    }

    private final TweetBatchClient hydrator;
    private final JsonMapper json;
    private final long windowNanos;
    private final int maxKept;
    private final ConcurrentHashMap<Long, Entry> recent = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor lookups;
    private final Counter performed;
    private final Counter rejected;

    LiveTweets(TweetBatchClient hydrator, JsonMapper json, TimelineProperties properties, MeterRegistry meters) {
        TimelineProperties.Stream settings = properties.stream();
        this.hydrator = hydrator;
        this.json = json;
        this.windowNanos = settings.lookupWindow().toNanos();
        this.maxKept = settings.lookupCacheSize();
        AtomicInteger threads = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(settings.lookupThreads(), settings.lookupThreads(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.lookupQueue()), runnable -> {
                    Thread thread = new Thread(runnable, "stream-lookup-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.performed = Counter.builder("chirp.stream.tweet.lookups")
                .description("tweet-service lookups made for live streams (one per tweet, however many streams)")
                .register(meters);
        this.rejected = Counter.builder("chirp.stream.tweet.lookups.rejected")
                .description("Tweets not pushed to live streams because the lookup threads and queue were full")
                .register(meters);
    }

    /** The tweet's JSON as streams send it; completes on a lookup thread, or at once when already known. */
    CompletableFuture<Optional<String>> get(long tweetId) {
        long now = System.nanoTime();
        Entry fresh = new Entry(new CompletableFuture<>(), now);
        Entry entry = recent.compute(tweetId, (id, known) ->
                known != null && now - known.startedAt() < windowNanos ? known : fresh);
        if (entry == fresh) {
            if (recent.size() > maxKept) {
                recent.values().removeIf(old -> now - old.startedAt() >= windowNanos);
            }
            load(tweetId, fresh);
        }
        return entry.tweet();
    }

    private void load(long tweetId, Entry entry) {
        try {
            lookups.execute(() -> {
                performed.increment();
                try {
                    JsonNode tweet = hydrator.hydrateForAnyone(List.of(tweetId)).get(tweetId);
                    entry.tweet().complete(Optional.ofNullable(tweet).map(json::writeValueAsString));
                } catch (RuntimeException e) {
                    log.warn("Could not load tweet {} for live streams: {}", tweetId, e.toString());
                    recent.remove(tweetId, entry);
                    entry.tweet().completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            rejected.increment();
            recent.remove(tweetId, entry);
            entry.tweet().completeExceptionally(e);
        }
    }

    @Override
    public void destroy() {
        lookups.shutdownNow();
    }
}
