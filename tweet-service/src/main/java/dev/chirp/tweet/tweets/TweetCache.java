package dev.chirp.tweet.tweets;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.tweet.TweetProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tweet bodies in Redis ({@code <prefix>body:<id>}, JSON of {@link StoredTweet}), in front of tweets_by_id. A body
 * never changes, so entries only expire or are replaced by a tombstone when the tweet is deleted. Fills are
 * {@code SET NX}: a reader that loaded a body just before the delete cannot overwrite the tombstone and bring the
 * tweet back. Redis may be lost (design rule 2 (docs/design-rules.md)): every failure here is a cache miss, never an error.
 */
@Component
class TweetCache {

    private static final Logger log = LoggerFactory.getLogger(TweetCache.class);

    private static final String TOMBSTONE = "deleted";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final String prefix;
    private final long ttlSeconds;

    TweetCache(StringRedisTemplate redis, JsonMapper json, TweetProperties properties) {
        this.redis = redis;
        this.json = json;
        this.prefix = properties.cache().keyPrefix() + "body:";
        this.ttlSeconds = properties.cache().ttl().toSeconds();
    }

    /** What the cache knows: bodies, and IDs known to be deleted (null values). Absent IDs are misses. */
    Map<Long, @Nullable StoredTweet> get(Collection<Long> ids) {
        List<Long> list = List.copyOf(ids);
        try {
            return parse(list, CacheReads.values(redis, keys(list)));
        } catch (DataAccessException e) {
            log.warn("Tweet cache unavailable, reading Cassandra: {}", e.toString());
            return new HashMap<>();
        }
    }

    /** The keys of {@code ids}, in their order (for a read shared with other caches: {@link LookupCache}). */
    List<String> keys(List<Long> ids) {
        return ids.stream().map(this::key).toList();
    }

    /** {@link #get}'s answer from the values of {@link #keys}. */
    Map<Long, @Nullable StoredTweet> parse(List<Long> ids, List<@Nullable String> values) {
        Map<Long, @Nullable StoredTweet> found = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (TOMBSTONE.equals(value)) {
                found.put(ids.get(i), null);
            } else if (value != null) {
                found.put(ids.get(i), json.readValue(value, StoredTweet.class));
            }
        }
        return found;
    }

    void put(Collection<StoredTweet> tweets) {
        if (tweets.isEmpty()) {
            return;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        tweets.forEach(tweet -> entries.put(key(tweet.id()), json.writeValueAsString(tweet)));
        try {
            CacheFill.ifAbsent(redis, entries, Duration.ofSeconds(ttlSeconds));
        } catch (DataAccessException e) {
            log.warn("Could not fill the tweet cache: {}", e.toString());
        }
    }

    /** Replaces the body with a tombstone that outlives any body a racing reader could still try to add. */
    void markDeleted(long id) {
        try {
            tombstone(id);
        } catch (DataAccessException e) {
            // Not a 500: the delete is written, and its TweetDeleted event writes the tombstone once Redis answers.
            log.warn("Could not replace deleted tweet {} in the cache yet; its event will: {}", id, e.toString());
        }
    }

    /** {@link #markDeleted}, failing when Redis does not take it (for {@link DeletedTweetsListener}'s retries). */
    void tombstone(long id) {
        redis.opsForValue().set(key(id), TOMBSTONE, Duration.ofSeconds(ttlSeconds));
    }

    private String key(long id) {
        return prefix + id;
    }
}
