package dev.chirp.timeline.home;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import dev.chirp.shared.redis.LuaScripts;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The Redis side of timelines: sorted sets of tweet IDs (member = decimal ID, score = the ID, so newest is
 * highest), used for home timelines and for the cached recent tweets of celebrities.
 *
 * <p>Every such set holds one sentinel member {@code "0"} that never counts as a tweet: score 0 while the set is
 * being built, -1 once it is complete. Writers that must not create partial sets ({@link #deliver},
 * {@link #mergeIfPresent}) only touch sets that exist, and a set exists from the moment its build starts, so a
 * tweet fanned out during a rebuild is kept rather than lost. Trimming removes from rank 1 up, keeping the
 * sentinel at rank 0 (all tweet IDs are positive).
 *
 * <p>Scores are doubles, which hold a 64-bit ID only to about 64 units; IDs that close share a score and are
 * ordered by member, which for decimal IDs of equal length is numeric order. Range reads therefore ask for the
 * cursor's score inclusively, fetch {@link #TIE_SLACK} extra and filter by exact ID in Java.
 */
@Component
class SortedIdSets {

    static final String SENTINEL = "0";
    private static final double READY = -1;
    private static final int TIE_SLACK = 8;

    /**
     * {@code scripts/deliver.lua}: KEYS: the sets; ARGV: max, trimAbove, id, message, then one channel per key. For
     * each set that exists, adds the ID and publishes the message on its channel (SPUBLISH: sharded pub/sub) when the
     * ID is new and is still there after trimming. A set is trimmed back to {@code max} tweet IDs only once it holds
     * more than {@code trimAbove}: with some slack above {@code max}, a full timeline pays the trim once per that
     * many deliveries instead of at every one. Returns 1 or 0 per key. One script for a slice of followers costs Redis
     * less than the same commands pipelined one by one would (a script's own overhead is paid once per slice). A
     * script's keys must share one hash slot on a Redis Cluster (else {@code CROSSSLOT}), so there a slice holds
     * the keys of one slot only; on a single node a slice is any 100 keys (see {@link #slices}). Each channel must
     * hash to its key's slot too: a script on a Redis Cluster may not publish on another node's channel ("non local
     * key"), and one of another slot on the same node would be published on the wrong node once that slot moves.
     *
     * <p>{@code ZCARD} answers both "does the set exist" (an existing set holds at least the sentinel) and "is it
     * over the limit", so a delivery costs three commands (ZCARD, ZADD, SPUBLISH); only the one that crosses the
     * limit also trims and checks that the ID survived (it may be older than everything kept).
     */
    private static final String DELIVER = LuaScripts.text("deliver");

    /** Called by its SHA-1; loaded into Redis only when Redis answers that it does not have it. */
    private static final String DELIVER_SHA = RedisScript.of(DELIVER).getSha1();

    /** Keys per delivery script: Redis runs a script without interleaving, so a slice holds reads up ~1 ms. */
    private static final int DELIVER_SLICE = 100;

    /** ARGV: max, ids... Adds to a set that exists; returns how many were new. */
    private static final RedisScript<Long> MERGE_IF_PRESENT = LuaScripts.of("merge_if_present", Long.class);

    /** ARGV: max, ttl millis, ids... Completes a build: adds the IDs, marks the set ready, sets its expiry. */
    private static final RedisScript<Long> COMPLETE = LuaScripts.of("complete_build", Long.class);

    /** A build that dies half-way leaves a set that vanishes soon, so the next reader builds it again. */
    private static final Duration BUILD_GRACE = Duration.ofMinutes(1);

    private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

    private final StringRedisTemplate redis;
    private final boolean clustered;
    private final Duration commandTimeout;

    /** Lettuce only: {@link #deliver} talks to its asynchronous API directly. */
    SortedIdSets(StringRedisTemplate redis) {
        this.redis = redis;
        LettuceConnectionFactory lettuce = (LettuceConnectionFactory) redis.getRequiredConnectionFactory();
        this.clustered = lettuce.isClusterAware();
        this.commandTimeout = Duration.ofMillis(lettuce.getTimeout());
    }

    /**
     * For each key, the IDs below {@code belowExclusive} (all when null), newest first, at most {@code count}
     * (or one more when {@code count} is reached, so the caller can tell there is more); null for a set that
     * does not exist or is not complete yet. One round trip for all keys. Refreshes the expiry of each complete
     * set by {@code touch} when not null.
     */
    List<@Nullable List<Long>> newest(List<String> keys, @Nullable Long belowExclusive, int count,
                                      @Nullable Duration touch) {
        double max = belowExclusive == null ? Double.POSITIVE_INFINITY : (double) belowExclusive;
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String key : keys) {
                byte[] k = bytes(key);
                connection.zSetCommands().zScore(k, bytes(SENTINEL));
                connection.zSetCommands().zRevRangeByScore(k, 1, max, 0, count + 1 + TIE_SLACK);
                if (touch != null) {
                    connection.keyCommands().pExpire(k, touch.toMillis());
                }
            }
            return null;
        });
        int stride = touch == null ? 2 : 3;
        List<@Nullable List<Long>> result = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Double sentinel = (Double) replies.get(i * stride);
            if (sentinel == null || sentinel != READY) {
                result.add(null);
                continue;
            }
            @SuppressWarnings("unchecked")
            Set<String> members = (Set<String>) replies.get(i * stride + 1);
            List<Long> ids = new ArrayList<>(members.size());
            for (String member : members) {
                long id = Long.parseLong(member);
                if (belowExclusive == null || id < belowExclusive) {
                    ids.add(id);
                }
            }
            ids.sort((a, b) -> Long.compare(b, a));
            result.add(ids.size() > count + 1 ? ids.subList(0, count + 1) : ids);
        }
        return result;
    }

    boolean exists(String key) {
        return Boolean.TRUE.equals(redis.hasKey(key));
    }

    /** Marks the set as being built; from now on fan-out writes land in it. */
    void beginBuild(String key) {
        redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.zSetCommands().zAdd(bytes(key), 0, bytes(SENTINEL));
            connection.keyCommands().pExpire(bytes(key), BUILD_GRACE.toMillis());
            return null;
        });
    }

    void completeBuild(String key, Collection<Long> ids, int max, Duration ttl) {
        List<String> args = new ArrayList<>(ids.size() + 2);
        args.add(Integer.toString(max));
        args.add(Long.toString(ttl.toMillis()));
        ids.forEach(id -> args.add(Long.toString(id)));
        redis.execute(COMPLETE, List.of(key), args.toArray());
    }

    long mergeIfPresent(String key, Collection<Long> ids, int max) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(ids.size() + 1);
        args.add(Integer.toString(max));
        ids.forEach(id -> args.add(Long.toString(id)));
        Long added = redis.execute(MERGE_IF_PRESENT, List.of(key), args.toArray());
        return added == null ? 0 : added;
    }

    /**
     * Adds one tweet ID to each of the sets that exist, and publishes {@code message} on the channel of each set
     * it newly landed in: one script per slice of {@link #DELIVER_SLICE} keys, all sent before any answer is
     * awaited. A set holding more than {@code trimAbove} IDs is trimmed to the newest {@code max} (trimAbove ≥ max).
     * Returns the indexes (into {@code keys}) of those deliveries.
     */
    List<Integer> deliver(List<String> keys, List<String> channels, long id, String message, int max, int trimAbove) {
        if (trimAbove < max) {
            throw new IllegalArgumentException("trimAbove " + trimAbove + " < max " + max);
        }
        byte[][] args = {bytes(Integer.toString(max)), bytes(Integer.toString(trimAbove)), bytes(Long.toString(id)),
                bytes(message)};
        List<Integer> delivered = redis.execute((RedisCallback<List<Integer>>) connection -> {
            @SuppressWarnings("unchecked")
            RedisClusterAsyncCommands<byte[], byte[]> commands =
                    (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            return deliverSlices(commands, keys, channels, args);
        });
        return delivered == null ? List.of() : delivered;
    }

    /**
     * Runs every slice's script and waits for every answer, not only until the first failure: a script refused
     * with NOSCRIPT did not run, but the others did, and on a Redis Cluster they may be many (one node restarted, or
     * a replica promoted, lacks the scripts the other nodes have). So only the refused slices run again, after the
     * script is loaded (on every node: Lettuce sends SCRIPT LOAD to all of them). Running a delivered slice again
     * would report its deliveries as "already there": a Spring pipeline ends at its first failed answer (Lettuce's
     * {@code awaitAll}), so the code before this re-ran every slice, and a test run once saw all of one node's
     * deliveries reported missing ({@code SortedIdSetsClusterIT} reproduces it with one node's scripts flushed).
     */
    private List<Integer> deliverSlices(RedisClusterAsyncCommands<byte[], byte[]> commands, List<String> keys,
                                        List<String> channels, byte[][] args) {
        List<Integer> delivered = new ArrayList<>();
        List<int[]> pending = slices(keys);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<RedisFuture<List<Long>>> replies = new ArrayList<>(pending.size());
            for (int[] slice : pending) {
                byte[][] sliceKeys = new byte[slice.length][];
                byte[][] sliceArgs = Arrays.copyOf(args, args.length + slice.length);
                for (int i = 0; i < slice.length; i++) {
                    sliceKeys[i] = bytes(keys.get(slice[i]));
                    sliceArgs[args.length + i] = bytes(channels.get(slice[i]));
                }
                replies.add(commands.<List<Long>>evalsha(DELIVER_SHA, ScriptOutputType.MULTI, sliceKeys, sliceArgs));
            }
            List<int[]> refused = new ArrayList<>();
            RuntimeException failure = null;
            for (int s = 0; s < pending.size(); s++) {
                try {
                    List<Long> flags = await(replies.get(s));
                    for (int i = 0; i < flags.size(); i++) {
                        if (flags.get(i) == 1L) {
                            delivered.add(pending.get(s)[i]);
                        }
                    }
                } catch (RedisNoScriptException noScript) {
                    refused.add(pending.get(s));
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw translated(failure);
            }
            if (!refused.isEmpty()) {
                if (attempt > 1) {
                    throw new IllegalStateException("Redis refused the delivery script again after it was loaded");
                }
                await(commands.scriptLoad(bytes(DELIVER)));
            }
            pending = refused;
        }
        delivered.sort(null);
        return delivered;
    }

    /** The answer, or the command's own failure; Lettuce's command timeout bounds the wait. */
    private <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(commandTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("no answer from Redis in " + commandTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException(e);
        }
    }

    /** As Spring would have translated it, so that callers (and DependencyFailures) see the usual exceptions. */
    private static RuntimeException translated(RuntimeException failure) {
        DataAccessException translated = EXCEPTIONS.translateExceptionIfPossible(failure);
        return translated != null ? translated : failure;
    }

    /**
     * The key indexes of each delivery script, at most {@link #DELIVER_SLICE} per script. On a Redis Cluster the
     * keys of a script must share a hash slot, so each slot's keys get scripts of their own; the pipeline then
     * carries scripts for every node at once. A follower list spreads over the slots, so on a cluster most scripts
     * hold one key: the price of sharding, paid in script calls, not round trips.
     */
    private List<int[]> slices(List<String> keys) {
        List<int[]> slices = new ArrayList<>();
        if (!clustered) {
            for (int from = 0; from < keys.size(); from += DELIVER_SLICE) {
                slices.add(IntStream.range(from, Math.min(keys.size(), from + DELIVER_SLICE)).toArray());
            }
            return slices;
        }
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            bySlot.computeIfAbsent(SlotHash.getSlot(keys.get(i)), slot -> new ArrayList<>()).add(i);
        }
        for (List<Integer> slot : bySlot.values()) {
            for (int from = 0; from < slot.size(); from += DELIVER_SLICE) {
                slices.add(slot.subList(from, Math.min(slot.size(), from + DELIVER_SLICE)).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
        }
        return slices;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Removes the IDs from each set (a no-op for sets that do not exist; never creates one). */
    void remove(List<String> keys, Collection<Long> ids) {
        if (ids.isEmpty() || keys.isEmpty()) {
            return;
        }
        byte[][] members = ids.stream().map(id -> bytes(Long.toString(id))).toArray(byte[][]::new);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            keys.forEach(key -> connection.zSetCommands().zRem(bytes(key), members));
            return null;
        });
    }
}
