package dev.chirp.timeline.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.BaseRedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;

/**
 * The live stream's channels as Redis sharded pub/sub (SPUBLISH, SSUBSCRIBE; Redis 7): a message goes to the node
 * that owns its channel's slot and to no other, where a plain PUBLISH on a Redis Cluster is broadcast to every node.
 * A single Redis answers the same commands (it owns every slot), so both run one code path. Which client runs it
 * follows the configuration, as {@code SortedIdSets} does: with {@code spring.data.redis.cluster.nodes} set, Spring's
 * connection factory is cluster-aware and holds a {@link RedisClusterClient}, which sends each channel's commands to
 * the node of its slot; otherwise a {@link RedisClient} (one server, or the master a Sentinel names).
 *
 * <p>Spring Data Redis 4.0 has neither SPUBLISH nor SSUBSCRIBE, so this uses the factory's Lettuce client: one
 * connection publishes, one pub/sub connection subscribes (on a cluster, Lettuce opens one per node subscribed on).
 * Both are opened at first use, so the service starts while Redis is away, as it does for its other Redis work.
 *
 * <p>Lettuce 6.8 does not keep sharded subscriptions by itself (seen on a real cluster, {@code
 * StreamChannelsClusterIT}): after a reconnect it resubscribes a node's channels in one SSUBSCRIBE, which the node
 * refuses with {@code CROSSSLOT} as soon as they span two slots; and when a slot leaves a node (resharding, a
 * failover) the node unsubscribes its channels and Lettuce does not subscribe them at the new owner. So this keeps
 * the channels wanted and subscribes each again, one SSUBSCRIBE per channel (a channel already subscribed is a no-op),
 * whenever a connection of the client becomes active, the cluster's topology changes or a node unsubscribes a wanted
 * channel; an attempt that fails is repeated a second later until one succeeds.
 */
@Component
public class ShardedChannels implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShardedChannels.class);

    /** Events come in bursts (a reconnect activates several connections): one resubscription serves them all. */
    private static final Duration GATHER = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final AbstractRedisClient client;
    private final boolean clustered;
    private final Set<String> wanted = new HashSet<>();
    private final AtomicBoolean resubscribing = new AtomicBoolean();
    /** A node unsubscribed a wanted channel: its slot has moved, and Lettuce's map of slots may not know yet. */
    private final AtomicBoolean slotMoved = new AtomicBoolean();
    private final ScheduledExecutorService resubscriber = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "stream-resubscribe");
        thread.setDaemon(true);
        return thread;
    });
    private final Disposable events;
    private volatile BiConsumer<String, String> receiver = (channel, message) -> { };
    // These three are null until first used (Redis may be away at startup).
    private volatile StatefulConnection<String, String> publishing;
    private volatile BaseRedisCommands<String, String> publisher;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;

    public ShardedChannels(RedisConnectionFactory connections) {
        if (!(connections instanceof LettuceConnectionFactory lettuce)) {
            throw new IllegalStateException("The live stream's sharded pub/sub needs Lettuce, not "
                    + connections.getClass().getName());
        }
        this.client = lettuce.getRequiredNativeClient();
        this.clustered = lettuce.isClusterAware();
        this.events = client.getResources().eventBus().get()
                .filter(event -> event instanceof ConnectionActivatedEvent
                        || event instanceof ClusterTopologyChangedEvent)
                .subscribe(event -> resubscribeSoon(GATHER));
    }

    /** SPUBLISH: to the streams of every instance subscribed to the channel. */
    public void publish(String channel, String message) {
        publisher().spublish(channel, message);
    }

    /** Where messages go, on a Lettuce I/O thread: must not block. */
    void receiveWith(BiConsumer<String, String> receiver) {
        this.receiver = receiver;
    }

    /**
     * SSUBSCRIBE; completes once Redis has acknowledged it, or fails after the connection's timeout. Calls for one
     * channel reach Redis in the order made, so a caller that orders them (first stream in, last stream out) under
     * a lock of its own never leaves a wanted channel unsubscribed.
     */
    CompletableFuture<Void> subscribe(String channel) {
        StatefulRedisPubSubConnection<String, String> connection = subscriber();
        synchronized (this) {
            wanted.add(channel);
            return send(connection, channel);
        }
    }

    /** SUNSUBSCRIBE, unacknowledged: a message that still arrives for the channel finds no stream. */
    void unsubscribe(String channel) {
        StatefulRedisPubSubConnection<String, String> connection = subscriber;
        synchronized (this) {
            if (wanted.remove(channel) && connection != null) {
                connection.async().sunsubscribe(channel).exceptionally(failure -> {
                    log.debug("SUNSUBSCRIBE {} failed: {}", channel, failure.toString());
                    return null;
                });
            }
        }
    }

    private CompletableFuture<Void> send(StatefulRedisPubSubConnection<String, String> connection, String channel) {
        Duration timeout = connection.getTimeout();
        return connection.async().ssubscribe(channel).toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure instanceof TimeoutException
                        ? new RedisCommandTimeoutException("SSUBSCRIBE " + channel + " not acknowledged within "
                        + timeout) : failure));
    }

    private void resubscribeSoon(Duration delay) {
        if (resubscribing.compareAndSet(false, true)) {
            try {
                resubscriber.schedule(this::resubscribe, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException shuttingDown) {
                resubscribing.set(false);
            }
        }
    }

    private void resubscribe() {
        resubscribing.set(false);
        StatefulRedisPubSubConnection<String, String> connection = subscriber;
        if (connection == null) {
            return;
        }
        if (clustered && slotMoved.getAndSet(false)) {
            // Else the SSUBSCRIBEs would go to the node that just gave the slot away, until the next refresh.
            try {
                ((RedisClusterClient) client).refreshPartitions();
            } catch (RuntimeException e) {
                slotMoved.set(true);
                log.warn("Could not reload the cluster's slots, trying again in {}: {}", RETRY, e.toString());
                resubscribeSoon(RETRY);
                return;
            }
        }
        List<String> channels;
        synchronized (this) {
            channels = List.copyOf(wanted);
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>(channels.size());
        for (String channel : channels) {
            synchronized (this) {
                // Under the lock: an SSUBSCRIBE sent after the last stream's SUNSUBSCRIBE would subscribe for nobody.
                if (wanted.contains(channel)) {
                    sent.add(send(connection, channel));
                }
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            if (failure != null) {
                log.warn("Resubscribing {} live stream channels failed, trying again in {}: {}", channels.size(),
                        RETRY, failure.toString());
                resubscribeSoon(RETRY);
            }
        });
    }

    private BaseRedisCommands<String, String> publisher() {
        BaseRedisCommands<String, String> commands = publisher;
        if (commands != null) {
            return commands;
        }
        synchronized (this) {
            if (publisher == null) {
                if (clustered) {
                    StatefulRedisClusterConnection<String, String> connection =
                            ((RedisClusterClient) client).connect(StringCodec.UTF8);
                    publishing = connection;
                    publisher = connection.sync();
                } else {
                    var connection = ((RedisClient) client).connect(StringCodec.UTF8);
                    publishing = connection;
                    publisher = connection.sync();
                }
            }
            return publisher;
        }
    }

    private StatefulRedisPubSubConnection<String, String> subscriber() {
        StatefulRedisPubSubConnection<String, String> connection = subscriber;
        if (connection != null) {
            return connection;
        }
        synchronized (this) {
            if (subscriber == null) {
                StatefulRedisPubSubConnection<String, String> opened = clustered
                        ? ((RedisClusterClient) client).connectPubSub(StringCodec.UTF8)
                        : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
                // On a cluster, the messages of every node's connection reach this listener too.
                opened.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void smessage(String channel, String message) {
                        receiver.accept(channel, message);
                    }

                    @Override
                    public void sunsubscribed(String channel, long count) {
                        // Ours were taken out of the wanted set first; any other is a slot that left its node.
                        boolean stillWanted;
                        synchronized (ShardedChannels.this) {
                            stillWanted = wanted.contains(channel);
                        }
                        if (stillWanted) {
                            slotMoved.set(true);
                            resubscribeSoon(GATHER);
                        }
                    }
                });
                subscriber = opened;
            }
            return subscriber;
        }
    }

    @Override
    public void destroy() {
        events.dispose();
        resubscriber.shutdownNow();
        StatefulRedisPubSubConnection<String, String> subscribed = subscriber;
        if (subscribed != null) {
            subscribed.close();
        }
        StatefulConnection<String, String> published = publishing;
        if (published != null) {
            published.close();
        }
    }
}
