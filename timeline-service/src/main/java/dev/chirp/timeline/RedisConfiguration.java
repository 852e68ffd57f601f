package dev.chirp.timeline;

import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Pipelines (fan-out) are written to the socket in large buffers, not one flush per command. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration implements DisposableBean {

    /** Runs the stream's pub/sub listeners; Spring's default would start a new thread per message and listener. */
    private final ThreadPoolTaskExecutor streamListeners = new ThreadPoolTaskExecutor();

    RedisConfiguration(RedisConnectionFactory connections) {
        if (connections instanceof LettuceConnectionFactory lettuce) {
            lettuce.setPipeliningFlushPolicy(LettuceConnection.PipeliningFlushPolicy.buffered(1000));
        }
    }

    /**
     * Subscriptions of the live stream share one Redis connection per instance, and the container never stops
     * listening. Left alone, it stops when its last listener goes, and it subscribes a new listener's channels
     * itself only when it is already listening: a stream opened while it starts listening again can be left without
     * its subscription and never get an event (spring-data-redis 4.0's addListener reads the state before it starts
     * listening; the bench saw 6 of 8 streams opened together get nothing). One subscription that is never removed,
     * to a channel nothing is published on, keeps it listening from startup to shutdown.
     *
     * <p>The listeners only route a message to the queues of its streams and never block, so a few threads suffice;
     * when they and their queue are full, the Redis subscription thread routes the message itself (caller runs):
     * intake slows down, no message is lost and no thread or queue grows without bound.
     */
    @Bean
    RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connections, RedisKeys keys,
                                                                TimelineProperties properties) {
        streamListeners.setCorePoolSize(properties.stream().listenerThreads());
        streamListeners.setMaxPoolSize(properties.stream().listenerThreads());
        streamListeners.setQueueCapacity(properties.stream().listenerQueue());
        streamListeners.setThreadNamePrefix("stream-listener-");
        streamListeners.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        streamListeners.initialize();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.setTaskExecutor(streamListeners);
        container.addMessageListener((message, pattern) -> { }, new ChannelTopic(keys.standbyChannel()));
        return container;
    }

    @Override
    public void destroy() {
        streamListeners.shutdown();
    }
}
