package dev.chirp.timeline.stream;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.graph.FollowProjection;
import dev.chirp.timeline.home.ActiveUsers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open live streams of this instance. Each subscribes, through Redis sharded pub/sub ({@link
 * StreamSubscriptions}), to its user's channel (fan-out and notifications publish there, from whichever instance
 * processed the event) and to the channels of the celebrities the user follows (their tweets are not fanned out). A
 * stream ends on disconnect, error, timeout or when its token expires, and its subscriptions with it; every stream
 * gets a comment line every heartbeat.
 *
 * <p>Opening a stream counts as activity, as a home read does (the home timeline is built if missing, so fan-out
 * reaches it), and an open stream renews that every {@code activity-refresh}. Streams are limited per user and per
 * instance ({@link StreamSlots}); tweets are looked up once for all streams ({@link LiveTweets}); every write to a
 * client goes through its own bounded queue ({@link StreamConnection}), so no client can hold up another.
 *
 * <p>On shutdown every open stream is ended before the web server's graceful shutdown begins: that waits for requests
 * in flight, and a stream is one that would never finish, so the instance would only stop when killed. Clients
 * reconnect, to another instance.
 */
@Component
class StreamHub implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    private final StreamSubscriptions subscriptions;
    private final RedisKeys keys;
    private final FollowProjection graph;
    private final LiveTweets tweets;
    private final ActiveUsers activeUsers;
    private final TimelineProperties.Stream settings;
    private final StreamSlots slots;
    private final Set<StreamConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private final Counter dropped;
    private final Counter refusedPerUser;
    private final Counter refusedPerInstance;
    /** Heartbeats and token expiries; a stream that ends first takes its expiry out of the queue. */
    private final ScheduledThreadPoolExecutor heartbeats = new ScheduledThreadPoolExecutor(1,
            daemons("stream-heartbeat"));
    /** One drain per connection at most is queued, so the queue is bounded by max-per-instance. */
    private final ThreadPoolExecutor senders;
    /** Renewals of open streams' activity; when full, a renewal is skipped and tried again at the next heartbeat. */
    private final ThreadPoolExecutor renewals = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1000), daemons("stream-activity"), new ThreadPoolExecutor.DiscardPolicy());

    StreamHub(StreamSubscriptions subscriptions, RedisKeys keys, FollowProjection graph, LiveTweets tweets,
              ActiveUsers activeUsers, TimelineProperties properties, MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.graph = graph;
        this.tweets = tweets;
        this.activeUsers = activeUsers;
        this.settings = properties.stream();
        this.slots = new StreamSlots(settings.maxPerUser(), settings.maxPerInstance());
        this.senders = new ThreadPoolExecutor(settings.sendThreads(), settings.sendThreads(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemons("stream-send"));
        Gauge.builder("chirp.stream.connections", open, Set::size)
                .description("Live streams open on this instance").register(meters);
        this.dropped = Counter.builder("chirp.stream.dropped")
                .description("Live streams closed because their client fell behind").register(meters);
        this.refusedPerUser = Counter.builder("chirp.stream.refused").tag("limit", "user")
                .description("Live streams refused with 429").register(meters);
        this.refusedPerInstance = Counter.builder("chirp.stream.refused").tag("limit", "instance")
                .description("Live streams refused with 429").register(meters);
        heartbeats.setRemoveOnCancelPolicy(true);
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream for the user whose token expires at {@code tokenExpiry} (null: never); 429 when full. */
    SseEmitter open(long userId, Instant tokenExpiry) {
        if (!running) {
            refusedPerInstance.increment();
            throw new StreamsRefused("This server is stopping; connect again.", settings.retryAfter());
        }
        switch (slots.take(userId)) {
            case USER_FULL -> {
                refusedPerUser.increment();
                throw new StreamsRefused("You already have " + settings.maxPerUser()
                        + " live streams open; close one first.", settings.retryAfter());
            }
            case INSTANCE_FULL -> {
                refusedPerInstance.increment();
                throw new StreamsRefused("This server has no room for another live stream; try again shortly.",
                        settings.retryAfter());
            }
            case TAKEN -> { }
        }
        StreamConnection opened;
        try {
            opened = subscribe(userId);
        } catch (RuntimeException e) {
            slots.giveBack(userId);
            throw e;
        }
        try {
            // After subscribing, so that a tweet fanned out while the timeline is built reaches the stream too.
            activeUsers.markActive(userId);
        } catch (RuntimeException e) {
            close(opened);
            throw e;
        }
        opened.emitter.onCompletion(() -> close(opened));
        opened.emitter.onTimeout(() -> close(opened));
        opened.emitter.onError(e -> close(opened));
        if (tokenExpiry != null) {
            // The stream lives no longer than the token that opened it; the client reconnects with a new one.
            long untilExpiry = Math.max(0, Duration.between(Instant.now(), tokenExpiry).toMillis());
            opened.expiry = heartbeats.schedule(() -> close(opened), untilExpiry, TimeUnit.MILLISECONDS);
        }
        // The first bytes commit the response, so the client sees the stream open before any event. They are sent
        // here, before the emitter is returned: Spring holds them and writes them on this request's own thread when
        // it takes the emitter, so the response headers are written by that thread alone. Queued for a sender
        // thread instead, they could be written while this thread still added headers on its way out through the
        // filters: two threads in Tomcat's header array, which a fresh-clone CI run saw corrupted (the
        // connection's release failed with ArrayIndexOutOfBoundsException in MimeHeaders.recycle). Later writes
        // meet a committed response, whose headers Tomcat no longer changes.
        try {
            opened.emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException | IllegalStateException e) {
            close(opened);
            throw new IllegalStateException("a live stream could not be opened", e);
        }
        return opened.emitter;
    }

    private StreamConnection subscribe(long userId) {
        List<String> channels = new ArrayList<>();
        channels.add(keys.userChannel(userId));
        graph.celebrityFollowees(userId).forEach(celebrity -> channels.add(keys.authorChannel(celebrity)));
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        StreamConnection connection = new StreamConnection(userId, emitter, channels, this::route,
                settings.sendQueue(), senders, this::close);
        subscriptions.add(channels, connection.listener);
        open.add(connection);
        return connection;
    }

    /** Runs on a listener thread: only queues work, never blocks. */
    private void route(StreamConnection connection, String message) {
        if (message.startsWith(StreamMessages.TWEET)) {
            long tweetId = Long.parseLong(message.substring(StreamMessages.TWEET.length()));
            tweets.get(tweetId).whenComplete((tweet, failure) -> {
                if (failure == null && tweet.isPresent()) {
                    queue(connection, SseEmitter.event().name("tweet").id(Long.toString(tweetId))
                            .data(tweet.get()));
                }
            });
        } else if (message.startsWith(StreamMessages.NOTIFICATION)) {
            queue(connection, SseEmitter.event().name("notification")
                    .data(message.substring(StreamMessages.NOTIFICATION.length())));
        }
    }

    private void queue(StreamConnection connection, SseEmitter.SseEventBuilder event) {
        boolean queued;
        try {
            queued = connection.offer(event);
        } catch (RejectedExecutionException shuttingDown) {
            return;
        }
        if (!queued) {
            log.info("Dropping a live stream of user {}: its client fell behind", connection.userId);
            dropped.increment();
            close(connection);
        }
    }

    private void heartbeat() {
        try {
            long stall = settings.stallTimeout().toNanos();
            long renewEvery = settings.activityRefresh().toNanos();
            long now = System.nanoTime();
            Set<Long> renewed = new HashSet<>();
            for (StreamConnection connection : open) {
                if (connection.stalledLongerThan(stall)) {
                    log.info("Dropping a live stream of user {}: a write has not finished for {}",
                            connection.userId, settings.stallTimeout());
                    dropped.increment();
                    close(connection);
                    continue;
                }
                queue(connection, SseEmitter.event().comment("heartbeat"));
                if (now - connection.activeAt >= renewEvery) {
                    connection.activeAt = now;
                    if (renewed.add(connection.userId)) {
                        renewals.execute(() -> renewActivity(connection.userId));
                    }
                }
            }
        } catch (RuntimeException e) {
            // A failing round must not cancel the schedule.
            log.warn("Live stream heartbeat failed: {}", e.toString());
        }
    }

    private void renewActivity(long userId) {
        try {
            activeUsers.markActive(userId);
        } catch (RuntimeException e) {
            log.warn("Could not mark user {} active for their live stream: {}", userId, e.toString());
        }
    }

    private void close(StreamConnection connection) {
        if (connection.markClosed()) {
            slots.giveBack(connection.userId);
            subscriptions.remove(connection.channels, connection.listener);
            if (connection.expiry != null) {
                connection.expiry.cancel(false);
            }
            // Last, so that a stream counted as gone has given back its place.
            open.remove(connection);
        }
        connection.finish();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream; runs before the web server's graceful shutdown (a higher phase stops first). */
    @Override
    public void stop() {
        running = false;
        open.forEach(this::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        renewals.shutdownNow();
        open.forEach(this::close);
        senders.shutdown();
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
