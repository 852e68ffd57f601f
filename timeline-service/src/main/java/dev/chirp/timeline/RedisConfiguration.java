package dev.chirp.timeline;

import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Pipelines (fan-out) are written to the socket in large buffers, not one flush per command. The live stream's
 * channels do not go through Spring's pub/sub (it has no sharded pub/sub): see {@code stream.ShardedChannels}.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    RedisConfiguration(RedisConnectionFactory connections) {
        if (connections instanceof LettuceConnectionFactory lettuce) {
            lettuce.setPipeliningFlushPolicy(LettuceConnection.PipeliningFlushPolicy.buffered(1000));
        }
    }
}
