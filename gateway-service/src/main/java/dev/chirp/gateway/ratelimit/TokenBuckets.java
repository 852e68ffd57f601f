package dev.chirp.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

import dev.chirp.shared.redis.LuaScripts;
import io.lettuce.core.cluster.SlotHash;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The buckets in Redis; each take is one atomic script run over every bucket the request draws from (refill, then
 * take a token from each if each has one). On a Redis Cluster a script may only touch keys of one hash slot, and a
 * sign-in draws from two buckets (the address's and the account's) that hash anywhere: there the buckets are taken
 * slot by slot, and when a later slot refuses, the tokens already taken are given back, so a refused request still
 * takes nothing (between the two, another request may see one token fewer for a moment).
 */
@Component
class TokenBuckets {

    /** One bucket: the kind of request and whose it is ({@code ip:<address>}, {@code user:<id>}, an account). */
    record Bucket(RequestKind kind, String owner) {
    }

    /** The outcome of one take: whether it was allowed, the tightest bucket and what is left in it, and the wait. */
    record Take(boolean allowed, RequestKind tightest, long remaining, Duration retryAfter) {
    }

    /** A bucket with its Redis key and limit. */
    private record Draw(RequestKind kind, String key, RateLimitProperties.Limit limit) {
    }

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT = LuaScripts.of("token_bucket", List.class);

    private static final RedisScript<Long> REFUND = LuaScripts.of("token_refund", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final RateLimitProperties properties;
    private final boolean clustered;

    TokenBuckets(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
        this.clustered = redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce
                && lettuce.isClusterAware();
    }

    Mono<Take> take(List<Bucket> buckets) {
        List<Draw> draws = buckets.stream().map(bucket -> new Draw(bucket.kind(),
                properties.keyPrefix() + bucket.kind().bucketName() + ":" + bucket.owner(),
                properties.limitFor(bucket.kind()))).toList();
        Collection<List<Draw>> bySlot = clustered
                ? draws.stream().collect(Collectors.groupingBy(draw -> SlotHash.getSlot(draw.key()),
                        LinkedHashMap::new, Collectors.toList())).values()
                : List.of(draws);
        return takeEach(new ArrayList<>(bySlot), 0, new ArrayList<>()).timeout(properties.redisTimeout());
    }

    /** Takes group {@code next} and those after it; {@code taken} are the groups already taken. */
    private Mono<Take> takeEach(List<List<Draw>> groups, int next, List<Take> taken) {
        return takeOne(groups.get(next)).flatMap(take -> {
            if (!take.allowed()) {
                return Flux.fromIterable(groups.subList(0, next)).flatMap(this::refund).then(Mono.just(take));
            }
            taken.add(take);
            if (next + 1 < groups.size()) {
                return takeEach(groups, next + 1, taken);
            }
            return Mono.just(taken.stream().min(Comparator.comparingLong(Take::remaining)).orElseThrow());
        });
    }

    private Mono<Take> takeOne(List<Draw> draws) {
        List<String> keys = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        for (Draw draw : draws) {
            keys.add(draw.key());
            limits.add(draw.limit().capacity().toString());
            limits.add(draw.limit().refillPerSecond().toString());
        }
        return redis.execute(SCRIPT, keys, limits)
                .next()
                .map(reply -> new Take(((Number) reply.get(0)).longValue() == 1,
                        draws.get(((Number) reply.get(3)).intValue() - 1).kind(),
                        ((Number) reply.get(1)).longValue(), Duration.ofMillis(((Number) reply.get(2)).longValue())));
    }

    private Mono<Void> refund(List<Draw> draws) {
        return Flux.fromIterable(draws)
                .flatMap(draw -> redis.execute(REFUND, List.of(draw.key()), List.of(draw.limit().capacity().toString())))
                .then();
    }
}
