package dev.chirp.bench;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * Lettuce clients for the running system's Redis ({@link Endpoints#REDIS_HOST}:{@link Endpoints#REDIS_PORT}).
 * Lettuce's Flight Recorder events are turned off unless {@code -Dio.lettuce.core.jfr} says otherwise: the benchmarks
 * record nothing with them, and registering them loads the JDK's Flight Recorder metadata on the first connect (a
 * stack sample of a slow first connect here caught it doing that).
 */
public final class RedisClients {

    private RedisClients() {
    }

    /** A client whose commands time out after {@code timeout}; the caller shuts it down. */
    public static RedisClient create(Duration timeout) {
        if (System.getProperty("io.lettuce.core.jfr") == null) {
            System.setProperty("io.lettuce.core.jfr", "false");
        }
        return RedisClient.create(RedisURI.builder().withHost(Endpoints.REDIS_HOST).withPort(Endpoints.REDIS_PORT)
                .withTimeout(timeout).build());
    }
}
