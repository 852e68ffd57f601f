package dev.chirp.search.trends;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.chirp.search.Keywords;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Counts the hashtags of every created tweet into the bucket of the minute the tweet was created (not the minute
 * its event arrived, so a late or replayed event lands where it belongs), and adds its author to each hashtag's
 * authors of that minute. Trends rank by distinct authors, so that one account repeating a tag cannot make it
 * trend. Both are replay-safe: the tweet count is exactly-once per tweet (one script marks the tweet as seen and
 * increments only if it was not), and adding an author twice to a HyperLogLog changes nothing. Deleted tweets are
 * not subtracted: a trend is what people were posting.
 */
@Component
class HashtagCounter {

    private static final Logger log = LoggerFactory.getLogger(HashtagCounter.class);

    /** KEYS: bucket, seen marker; ARGV: expiry (epoch seconds), then the hashtags. */
    private static final RedisScript<Long> COUNT_ONCE = RedisScript.of("""
            if redis.call('SET', KEYS[2], '1', 'NX', 'EXAT', ARGV[1]) then
              for i = 2, #ARGV do
                redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
              end
              redis.call('EXPIREAT', KEYS[1], ARGV[1])
              return 1
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final TrendBuckets buckets;
    private final EventCodec codec;
    private final Clock clock;

    HashtagCounter(StringRedisTemplate redis, TrendBuckets buckets, EventCodec codec, Clock clock) {
        this.redis = redis;
        this.buckets = buckets;
        this.codec = codec;
        this.clock = clock;
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}tweets",
            groupId = "${chirp.search.consumer-group-prefix:}search-trends",
            containerFactory = "batchListenerFactory")
    void onTweetEvents(List<String> messages) {
        for (String message : messages) {
            Optional<TweetSnapshot> tweet;
            try {
                tweet = codec.decode(message).map(envelope -> envelope.payload())
                        .filter(TweetCreated.class::isInstance).map(event -> ((TweetCreated) event).tweet());
            } catch (RuntimeException e) {
                log.warn("skipping an unreadable record on the tweets topic: {}", e.toString());
                continue;
            }
            tweet.ifPresent(this::count);
        }
    }

    private void count(TweetSnapshot tweet) {
        if (tweet.hashtags() == null || tweet.hashtags().isEmpty() || tweet.createdAt() == null) {
            return;
        }
        long nowMinute = TrendBuckets.minuteOf(clock.instant());
        // a clock running ahead on the author's side must not put counts into a future window
        long minute = Math.min(TrendBuckets.minuteOf(tweet.createdAt()), nowMinute);
        long expiresAt = buckets.expiresAt(minute);
        if (expiresAt <= clock.instant().getEpochSecond()) {
            return;
        }
        List<String> hashtags = tweet.hashtags().stream().map(Keywords::normalize).distinct().toList();
        addAuthor(tweet.authorId(), hashtags, minute, expiresAt);
        List<String> arguments = new ArrayList<>();
        arguments.add(Long.toString(expiresAt));
        arguments.addAll(hashtags);
        redis.execute(COUNT_ONCE, List.of(buckets.bucket(minute), buckets.seen(minute, tweet.id())),
                arguments.toArray());
    }

    /**
     * One round trip for all of a tweet's hashtags. Not in the counting script: each hashtag's authors live in that
     * hashtag's own slot (so that a window's PFCOUNT stays in one slot), and a script may touch only one slot on a
     * Redis Cluster. Done before the count, so a failure between the two is repaired by the redelivery.
     */
    private void addAuthor(long authorId, List<String> hashtags, long minute, long expiresAt) {
        byte[] author = Long.toString(authorId).getBytes(StandardCharsets.UTF_8);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String hashtag : hashtags) {
                byte[] key = buckets.authors(hashtag, minute).getBytes(StandardCharsets.UTF_8);
                connection.hyperLogLogCommands().pfAdd(key, author);
                connection.keyCommands().expireAt(key, expiresAt);
            }
            return null;
        });
    }
}
