package dev.chirp.timeline.home;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.authors.AuthorTweetIndex;
import dev.chirp.timeline.graph.FollowGraph;
import dev.chirp.timeline.stream.StreamMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Fan-out on write (DESIGN.md "write path"): a new tweet's ID goes into the home timeline of its author and of
 * every active follower, one Redis pipeline per batch of followers. A follower is active when their timeline
 * exists: it lives for the active window after their last read and is rebuilt on the next read otherwise, so
 * fan-out never creates a partial timeline and needs no lookup of activity. Celebrities are not fanned out;
 * their tweets join a cache merged at read time.
 */
@Component
class TweetFanOut {

    private final AuthorTweetIndex index;
    private final FollowGraph graph;
    private final SortedIdSets sets;
    private final CelebrityTweets celebrities;
    private final RedisKeys keys;
    private final StringRedisTemplate redis;
    private final TimelineProperties properties;
    private final Counter deliveries;
    private final Timer lag;

    TweetFanOut(AuthorTweetIndex index, FollowGraph graph, SortedIdSets sets, CelebrityTweets celebrities,
                RedisKeys keys, StringRedisTemplate redis, TimelineProperties properties, MeterRegistry meters) {
        this.index = index;
        this.graph = graph;
        this.sets = sets;
        this.celebrities = celebrities;
        this.keys = keys;
        this.redis = redis;
        this.properties = properties;
        this.deliveries = Counter.builder("chirp.fanout.deliveries")
                .description("Tweet IDs newly written into home timelines").register(meters);
        this.lag = Timer.builder("chirp.fanout.lag")
                .description("From the tweet event's time to the end of its fan-out").publishPercentileHistogram()
                .register(meters);
        // Exported so that dashboards and the benchmark know which authors are fanned out on this instance.
        Gauge.builder("chirp.timeline.celebrity.threshold", properties, TimelineProperties::celebrityThreshold)
                .description("Authors with at least this many followers are not fanned out").register(meters);
    }

    void created(TweetSnapshot tweet, Instant occurredAt) {
        long authorId = tweet.authorId();
        if (!index.record(authorId, tweet.id(), tweet.createdAt())) {
            return;
        }
        String message = StreamMessages.tweet(tweet.id());
        int delivered = sets.deliver(List.of(keys.home(authorId)), List.of(keys.userChannel(authorId)), tweet.id(),
                message, properties.maxEntries()).size();
        if (graph.isCelebrity(authorId)) {
            celebrities.added(authorId, tweet.id());
            if (StreamMessages.isLive(occurredAt)) {
                redis.convertAndSend(keys.authorChannel(authorId), message);
            }
        } else {
            int[] count = {delivered};
            graph.forEachFollowerPage(authorId, properties.fanOutBatch(), followers -> {
                List<String> homes = new ArrayList<>(followers.size());
                List<String> channels = new ArrayList<>(followers.size());
                for (long follower : followers) {
                    homes.add(keys.home(follower));
                    channels.add(keys.userChannel(follower));
                }
                count[0] += sets.deliver(homes, channels, tweet.id(), message, properties.maxEntries()).size();
            });
            delivered = count[0];
        }
        deliveries.increment(delivered);
        lag.record(Duration.between(occurredAt, Instant.now()));
    }

    /** Takes the tweet out where that is cheap; hydration drops deleted tweets from any timeline anyway. */
    void deleted(TweetDeleted deleted) {
        long authorId = deleted.authorId();
        List<Long> id = List.of(deleted.tweetId());
        index.remove(authorId, deleted.tweetId(), deleted.deletedAt());
        sets.remove(List.of(keys.home(authorId)), id);
        if (graph.isCelebrity(authorId)) {
            celebrities.removed(authorId, deleted.tweetId());
        } else {
            graph.forEachFollowerPage(authorId, properties.fanOutBatch(),
                    followers -> sets.remove(followers.stream().map(keys::home).toList(), id));
        }
    }
}
