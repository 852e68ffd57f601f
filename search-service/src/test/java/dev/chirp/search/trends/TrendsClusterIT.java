package dev.chirp.search.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chirp.search.SearchProperties;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.testsupport.ThrowawayRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Trend counting and ranking on a real Redis Cluster of three primaries ({@link ThrowawayRedisCluster}): the
 * counting script's two keys (a minute's bucket and its seen marker) and a tag's per-minute author sets are
 * hash-tagged into one slot each, so the script and the PFCOUNT over an hour's sets run on a cluster as on one node.
 */
class TrendsClusterIT {

    private static final EventCodec CODEC = new EventCodec();
    private static ThrowawayRedisCluster cluster;
    private static HashtagCounter counter;
    private static TrendingHashtags trending;
    private static long nextId = 1_000;

    @BeforeAll
    static void startCluster() {
        cluster = ThrowawayRedisCluster.start(3);
        StringRedisTemplate redis = new StringRedisTemplate(cluster.connectionFactory());
        SearchProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("chirp.search", SearchProperties.class);
        TrendBuckets buckets = new TrendBuckets(properties);
        Clock clock = Clock.systemUTC();
        counter = new HashtagCounter(redis, buckets, CODEC, clock);
        trending = new TrendingHashtags(redis, buckets, clock, properties);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void tagsAreCountedOncePerTweetAndRankedByAuthorsAcrossNodes() {
        List<String> batch = new ArrayList<>();
        // 12 tags (spread over the nodes by their hash tags), tag i tweeted by 5 + i different authors
        for (int tag = 0; tag < 12; tag++) {
            for (int author = 0; author < 5 + tag; author++) {
                batch.add(event(author + 1, List.of("tag" + tag)));
            }
        }
        counter.onTweetEvents(batch);
        counter.onTweetEvents(batch); // a redelivered batch counts nothing twice

        List<TrendRanking.Trend> top = trending.top(20);

        assertThat(top).extracting(TrendRanking.Trend::hashtag).contains("tag11", "tag0");
        assertThat(top.get(0).hashtag()).isEqualTo("tag11");
        for (TrendRanking.Trend trend : top) {
            int tag = Integer.parseInt(trend.hashtag().substring(3));
            assertThat(trend.tweetCount()).as(trend.hashtag()).isEqualTo(5 + tag);
        }
    }

    private static String event(long authorId, List<String> hashtags) {
        TweetSnapshot tweet = new TweetSnapshot(nextId++, authorId, "a" + authorId, "#" + hashtags.get(0),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), List.of(), null, null, List.of(), hashtags, null);
        return CODEC.encode(CODEC.envelope(new TweetCreated(tweet), Instant.now()));
    }
}
