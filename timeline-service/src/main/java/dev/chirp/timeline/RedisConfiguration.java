package dev.chirp.timeline;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Pipelines (fan-out) are written to the socket in large buffers, not one flush per command. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

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
     */
    @Bean
    RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connections, RedisKeys keys) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener((message, pattern) -> { }, new ChannelTopic(keys.standbyChannel()));
        return container;
    }
}
