package dev.chirp.timeline.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.graph.FollowGraph;
import dev.chirp.timeline.hydration.TweetHydrator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.listener.Topic;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open live streams of this instance. Each subscribes, through Redis pub/sub, to its user's channel (fan-out
 * and notifications publish there, from whichever instance processed the event) and to the channels of the
 * celebrities the user follows (their tweets are not fanned out). A stream ends on disconnect, error or
 * timeout, and its subscriptions with it; idle streams get a comment line every heartbeat.
 */
@Component
class StreamHub implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    private final RedisMessageListenerContainer subscriptions;
    private final RedisKeys keys;
    private final FollowGraph graph;
    private final TweetHydrator hydrator;
    private final JsonMapper json;
    private final TimelineProperties.Stream settings;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    StreamHub(RedisMessageListenerContainer subscriptions, RedisKeys keys, FollowGraph graph,
              TweetHydrator hydrator, JsonMapper json, TimelineProperties properties, MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.graph = graph;
        this.hydrator = hydrator;
        this.json = json;
        this.settings = properties.stream();
        Gauge.builder("chirp.stream.connections", open, Set::size)
                .description("Live streams open on this instance").register(meters);
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    SseEmitter open(long userId) {
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        List<Topic> channels = new ArrayList<>();
        channels.add(new ChannelTopic(keys.userChannel(userId)));
        graph.celebrityFollowees(userId).forEach(celebrity -> channels.add(new ChannelTopic(
                keys.authorChannel(celebrity))));
        Connection connection = new Connection(userId, emitter, channels);
        connection.listener = (message, pattern) -> deliver(connection, new String(message.getBody(),
                StandardCharsets.UTF_8));
        emitter.onCompletion(() -> close(connection));
        emitter.onTimeout(() -> close(connection));
        emitter.onError(e -> close(connection));
        open.add(connection);
        subscriptions.addMessageListener(connection.listener, channels);
        // The first bytes commit the response, so the client sees the stream open before any event.
        send(connection, SseEmitter.event().comment("connected"));
        return emitter;
    }

    private void deliver(Connection connection, String message) {
        if (message.startsWith(StreamMessages.TWEET)) {
            long tweetId = Long.parseLong(message.substring(StreamMessages.TWEET.length()));
            try {
                JsonNode tweet = hydrator.hydrate(List.of(tweetId), connection.userId).get(tweetId);
                if (tweet != null) {
                    send(connection, SseEmitter.event().name("tweet").id(Long.toString(tweetId))
                            .data(json.writeValueAsString(tweet)));
                }
            } catch (RuntimeException e) {
                log.warn("Could not load tweet {} for a live stream: {}", tweetId, e.toString());
            }
        } else if (message.startsWith(StreamMessages.NOTIFICATION)) {
            send(connection, SseEmitter.event().name("notification")
                    .data(message.substring(StreamMessages.NOTIFICATION.length())));
        }
    }

    private void heartbeat() {
        open.forEach(connection -> send(connection, SseEmitter.event().comment("heartbeat")));
    }

    private void send(Connection connection, SseEmitter.SseEventBuilder event) {
        try {
            connection.emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // The client went away (the container completes the request itself) or the stream already ended.
            close(connection);
        }
    }

    private void close(Connection connection) {
        if (open.remove(connection)) {
            subscriptions.removeMessageListener(connection.listener, connection.channels);
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        open.forEach(connection -> {
            connection.emitter.complete();
            close(connection);
        });
    }

    private static final class Connection {
        private final long userId;
        private final SseEmitter emitter;
        private final List<Topic> channels;
        private MessageListener listener;

        private Connection(long userId, SseEmitter emitter, List<Topic> channels) {
            this.userId = userId;
            this.emitter = emitter;
            this.channels = channels;
        }
    }
}
