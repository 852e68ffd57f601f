package dev.chirp.timeline;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Pipelines (fan-out) are written to the socket in large buffers, not one flush per command. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    RedisConfiguration(RedisConnectionFactory connections) {
        if (connections instanceof LettuceConnectionFactory lettuce) {
            lettuce.setPipeliningFlushPolicy(LettuceConnection.PipeliningFlushPolicy.buffered(1000));
        }
    }

    /** Subscriptions of the live stream share one Redis connection per instance. */
    @Bean
    RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connections) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        return container;
    }
}
