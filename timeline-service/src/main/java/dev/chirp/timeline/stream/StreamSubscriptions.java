package dev.chirp.timeline.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.chirp.timeline.TimelineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Which open stream of this instance listens to which channel. All of them share one Redis subscription
 * ({@link ShardedChannels}): a channel is subscribed when its first stream arrives and unsubscribed when its last one
 * leaves, both decided and sent under one lock, so streams that come and go together never leave a channel
 * unsubscribed for a stream that wants it. A stream that arrives while its channel's SSUBSCRIBE is on its way waits
 * for the same acknowledgement: no stream counts as open before it can hear its channels.
 *
 * <p>Messages arrive on a Lettuce I/O thread and are handed to {@code listener-threads} threads that only route them
 * to the queues of their streams and never block, so a few suffice. When those threads and their queue are full, the
 * I/O thread routes the message itself (caller runs): intake slows down, no message is lost, and no thread or queue
 * grows without bound.
 */
@Component
class StreamSubscriptions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamSubscriptions.class);

    /** The streams listening to one channel, and its SSUBSCRIBE (sent again when it failed). */
    private static final class Channel {
        final Set<Consumer<String>> listeners = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> subscribed;

        Channel(CompletableFuture<Void> subscribed) {
            this.subscribed = subscribed;
        }
    }

    private final ShardedChannels redis;
    /** Read without the lock by the I/O thread; changed only under it. */
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor listeners;

    StreamSubscriptions(ShardedChannels redis, TimelineProperties properties) {
        this.redis = redis;
        TimelineProperties.Stream settings = properties.stream();
        AtomicInteger threads = new AtomicInteger();
        this.listeners = new ThreadPoolExecutor(settings.listenerThreads(), settings.listenerThreads(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.listenerQueue()), runnable -> {
                    Thread thread = new Thread(runnable, "stream-listener-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        redis.receiveWith(this::received);
    }

    /**
     * Makes {@code listener} hear every message on these channels; returns once Redis has acknowledged each
     * subscription. On failure (Redis away or slow) nothing of the call is left behind and the failure is thrown.
     */
    void add(List<String> names, Consumer<String> listener) {
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>(names.size());
        try {
            synchronized (this) {
                for (String name : names) {
                    Channel channel = channels.get(name);
                    if (channel == null) {
                        channel = new Channel(redis.subscribe(name));
                        channels.put(name, channel);
                    } else if (channel.subscribed.isCompletedExceptionally()) {
                        channel.subscribed = redis.subscribe(name);
                    }
                    channel.listeners.add(listener);
                    acknowledged.add(channel.subscribed);
                }
            }
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            remove(names, listener);
            if (e instanceof CompletionException && e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Stops {@code listener} hearing these channels; a channel nobody hears any more is unsubscribed. */
    synchronized void remove(List<String> names, Consumer<String> listener) {
        for (String name : names) {
            Channel channel = channels.get(name);
            if (channel != null && channel.listeners.remove(listener) && channel.listeners.isEmpty()) {
                channels.remove(name);
                redis.unsubscribe(name);
            }
        }
    }

    /** On a Lettuce I/O thread. */
    private void received(String name, String message) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return;
        }
        listeners.execute(() -> {
            for (Consumer<String> listener : channel.listeners) {
                try {
                    listener.accept(message);
                } catch (RuntimeException e) {
                    log.warn("A live stream could not take a message of {}: {}", name, e.toString());
                }
            }
        });
    }

    @Override
    public void destroy() {
        listeners.shutdown();
    }
}
