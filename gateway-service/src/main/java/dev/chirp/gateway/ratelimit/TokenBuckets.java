package dev.chirp.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The buckets in Redis; each take is one atomic script run (refill, then take a token if there is one). */
@Component
class TokenBuckets {

    /** The outcome of one take: whether it was allowed, what is left, how long until the next token. */
    record Take(boolean allowed, long remaining, Duration retryAfter) {
    }

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT =
            RedisScript.of(new ClassPathResource("scripts/token_bucket.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final RateLimitProperties properties;

    TokenBuckets(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    Mono<Take> take(RequestKind kind, String callerKey) {
        RateLimitProperties.Limit limit = properties.limitFor(kind);
        String key = properties.keyPrefix() + kind.bucketName() + ":" + callerKey;
        return redis.execute(SCRIPT, List.of(key),
                        List.of(limit.capacity().toString(), limit.refillPerSecond().toString()))
                .next()
                .map(TokenBuckets::toTake)
                .timeout(properties.redisTimeout());
    }

    private static Take toTake(List<?> reply) {
        return new Take(((Number) reply.get(0)).longValue() == 1, ((Number) reply.get(1)).longValue(),
                Duration.ofMillis(((Number) reply.get(2)).longValue()));
    }
}
