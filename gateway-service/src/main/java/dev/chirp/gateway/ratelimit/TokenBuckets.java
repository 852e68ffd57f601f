package dev.chirp.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The buckets in Redis; each take is one atomic script run over every bucket the request draws from (refill, then
 * take a token from each if each has one).
 */
@Component
class TokenBuckets {

    /** One bucket: the kind of request and whose it is ({@code ip:<address>}, {@code user:<id>}, an account). */
    record Bucket(RequestKind kind, String owner) {
    }

    /** The outcome of one take: whether it was allowed, the tightest bucket and what is left in it, and the wait. */
    record Take(boolean allowed, RequestKind tightest, long remaining, Duration retryAfter) {
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

    Mono<Take> take(List<Bucket> buckets) {
        List<String> keys = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        for (Bucket bucket : buckets) {
            RateLimitProperties.Limit limit = properties.limitFor(bucket.kind());
            keys.add(properties.keyPrefix() + bucket.kind().bucketName() + ":" + bucket.owner());
            limits.add(limit.capacity().toString());
            limits.add(limit.refillPerSecond().toString());
        }
        return redis.execute(SCRIPT, keys, limits)
                .next()
                .map(reply -> new Take(((Number) reply.get(0)).longValue() == 1,
                        buckets.get(((Number) reply.get(3)).intValue() - 1).kind(),
                        ((Number) reply.get(1)).longValue(), Duration.ofMillis(((Number) reply.get(2)).longValue())))
                .timeout(properties.redisTimeout());
    }
}
