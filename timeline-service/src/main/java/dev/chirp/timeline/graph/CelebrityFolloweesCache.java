package dev.chirp.timeline.graph;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.chirp.timeline.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.stereotype.Component;

/**
 * The celebrities each user follows, in Redis in front of {@code celebrity_followees_by_user}: every home timeline
 * read needs the list, and reading it from Cassandra was one partition read per page (a third of Cassandra's reads
 * in a home-read run, docs/07-bottlenecks-and-reliability.md "Cost per request").
 *
 * <p>Whoever changes a user's list in Cassandra then marks the user's entry as changing ({@link #changed}): a short
 * marker instead of a delete, because a reader that read Cassandra just before the change could otherwise put the
 * old list back. Fills only land where there is no entry at all ({@code SET NX}), so while the marker lives readers
 * read Cassandra and leave the entry alone; after it, the next reader fills it again. A list is therefore stale only
 * if a reader took longer than the marker's life between its Cassandra read and its fill, and then at most until
 * the entry expires. Redis may be lost (design rule 2): every failure here is a miss, never an error.
 */
@Component
class CelebrityFolloweesCache {

    private static final Logger log = LoggerFactory.getLogger(CelebrityFolloweesCache.class);

    /** How long a filled list is kept; also the bound on a list left stale by a slow reader or a failed mark. */
    static final Duration TTL = Duration.ofMinutes(10);
    /** How long after a change readers go to Cassandra: far longer than a read and its fill take. */
    static final Duration CHANGING = Duration.ofSeconds(5);
    private static final String MARKER = "changing";

    private final StringRedisTemplate redis;
    private final RedisKeys keys;

    CelebrityFolloweesCache(StringRedisTemplate redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The cached list, or empty when there is none to trust (never filled, expired, being changed, Redis away). */
    Optional<List<Long>> get(long userId) {
        String value;
        try {
            value = redis.opsForValue().get(keys.celebrityFollowees(userId));
        } catch (DataAccessException e) {
            return Optional.empty();
        }
        if (value == null || value.equals(MARKER)) {
            return Optional.empty();
        }
        List<Long> ids = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isEmpty()) {
                ids.add(Long.parseLong(part));
            }
        }
        return Optional.of(ids);
    }

    /** Keeps the list just read from Cassandra, unless an entry or a change marker is already there. */
    void fill(long userId, List<Long> celebrities) {
        String value = celebrities.stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            redis.opsForValue().setIfAbsent(keys.celebrityFollowees(userId), value, TTL);
        } catch (DataAccessException e) {
            log.debug("Could not cache the celebrities {} follows: {}", userId, e.toString());
        }
    }

    /** After the users' lists changed in Cassandra: readers go there for a while, and nothing older is kept. */
    void changed(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        try {
            redis.executePipelined((RedisCallback<Object>) connection -> {
                for (long userId : userIds) {
                    connection.stringCommands().set(keys.celebrityFollowees(userId).getBytes(StandardCharsets.UTF_8),
                            marker, Expiration.from(CHANGING), SetOption.upsert());
                }
                return null;
            });
        } catch (DataAccessException e) {
            // The old lists stay until they expire: worth an error, not a failed event (Cassandra is right).
            log.error("Could not mark the celebrity lists of {} users as changed: {}", userIds.size(), e.toString());
        }
    }
}
