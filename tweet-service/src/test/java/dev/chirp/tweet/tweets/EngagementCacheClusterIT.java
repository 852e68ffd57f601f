package dev.chirp.tweet.tweets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.chirp.testsupport.ThrowawayRedisCluster;
import dev.chirp.tweet.TweetProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * tweet-service's caches on a real Redis Cluster of three primaries ({@link ThrowawayRedisCluster}). A page reads
 * many keys at once (MGET) and fills the misses in one pipeline (SET NX): on a cluster those keys live in many slots.
 * The cache swallows Redis errors and reads Cassandra instead, so a cluster that refused every multi-key read
 * would look like a cache that never hits: this test asserts the hits.
 */
class EngagementCacheClusterIT {

    private static ThrowawayRedisCluster cluster;
    private static StringRedisTemplate redis;
    private static EngagementCache cache;

    @BeforeAll
    static void startCluster() {
        cluster = ThrowawayRedisCluster.start(3);
        TweetProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("chirp.tweet", TweetProperties.class);
        redis = new StringRedisTemplate(cluster.connectionFactory());
        cache = new EngagementCache(redis, properties);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPageOfCountsIsFilledAndReadAcrossNodes() {
        List<Long> ids = LongStream.rangeClosed(1, 50).boxed().toList();
        Map<Long, Engagement.Counts> counts = new HashMap<>();
        ids.forEach(id -> counts.put(id, new Engagement.Counts(id, id * 2)));

        assertThat(counts(ids)).isEmpty();
        cache.fillCounts(counts, versions(ids));
        assertThat(counts(ids)).isEqualTo(counts);

        cache.countsChanged(7);
        Map<Long, Engagement.Counts> expected = new HashMap<>(counts);
        expected.remove(7L);
        assertThat(counts(ids)).isEqualTo(expected);
    }

    /**
     * A view reads the versions with the entries, then Cassandra; a change that lands in between (it raises the
     * version and drops the entry) must keep that view's count out of the cache, or the old count would be served
     * for the entry's whole TTL. The other tweets of the same fill, in other slots, are filled.
     */
    @Test
    void countsReadBeforeAChangeAreNotFilledAfterIt() {
        List<Long> ids = LongStream.rangeClosed(200, 229).boxed().toList();
        Map<Long, Long> seen = versions(ids);
        assertThat(seen).containsOnlyKeys(ids).allSatisfy((id, version) ->
                assertThat(version).isEqualTo(EngagementCache.NO_VERSION));
        Map<Long, Engagement.Counts> readBeforeTheChange = new HashMap<>();
        ids.forEach(id -> readBeforeTheChange.put(id, new Engagement.Counts(0, 0)));

        cache.countsChanged(203);
        cache.countsChanged(217);
        cache.fillCounts(readBeforeTheChange, seen);

        Map<Long, Engagement.Counts> expected = new HashMap<>(readBeforeTheChange);
        expected.remove(203L);
        expected.remove(217L);
        assertThat(counts(ids)).isEqualTo(expected);

        Map<Long, Long> now = versions(List.of(203L, 217L));
        assertThat(now).isEqualTo(Map.of(203L, 1L, 217L, 1L));
        cache.fillCounts(Map.of(203L, new Engagement.Counts(1, 0), 217L, new Engagement.Counts(1, 0)), now);
        assertThat(counts(List.of(203L, 217L)))
                .isEqualTo(Map.of(203L, new Engagement.Counts(1, 0), 217L, new Engagement.Counts(1, 0)));
    }

    @Test
    void likedByMeIsFilledWrittenThroughAndReadAcrossNodes() {
        long user = 42;
        List<Long> ids = LongStream.rangeClosed(100, 139).boxed().toList();
        Map<Long, Boolean> liked = new HashMap<>();
        ids.forEach(id -> liked.put(id, id % 2 == 0));

        cache.fillLiked(user, liked);
        cache.likeChanged(user, 101, true);

        Map<Long, Boolean> expected = new HashMap<>(liked);
        expected.put(101L, true);
        assertThat(liked(user, ids)).isEqualTo(expected);
    }

    /** What a lookup reads ({@link LookupCache}): the keys of one kind, through the cluster-aware multi-key read. */
    private static Map<Long, Engagement.Counts> counts(List<Long> ids) {
        return cache.parseCounts(ids, CacheReads.values(redis, cache.countsKeys(ids)));
    }

    private static Map<Long, Long> versions(List<Long> ids) {
        return cache.parseVersions(ids, CacheReads.values(redis, cache.versionKeys(ids)));
    }

    private static Map<Long, Boolean> liked(long user, List<Long> ids) {
        return cache.parseLiked(ids, CacheReads.values(redis, cache.likedKeys(user, ids)));
    }
}
