package dev.chirp.bench.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.RedisClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * tweet-service's Redis cache of tweet bodies ({@code <prefix>body:<id>}, tweet-service README "Redis"): which of
 * some tweets are cached, and removing them. Only the keys of the given tweets are touched; a removed body loses
 * nothing (the next read fills it from Cassandra). One Lettuce connection, kept for the run: the uncached lookups
 * remove keys several times a second.
 *
 * <p>The key format has one owner, tweet-service: its setting {@code chirp.tweet.cache.key-prefix} (default in
 * {@code TweetProperties.Cache}) followed by {@code body:} ({@code TweetCache}). This class takes the prefix from the
 * same setting, by the environment variable Spring's relaxed binding reads ({@value #PREFIX_VARIABLE}), so a system
 * started with another prefix is addressed right when the benchmark runs with the same environment. The default below
 * and the {@code body:} part are a copy of tweet-service's, checked twice: by {@code TweetCacheKeysTest} against
 * tweet-service's sources at build time, and before the uncached step against the running service
 * ({@code TweetServiceBench.checkCacheKeys}).
 */
final class TweetCacheKeys implements AutoCloseable {

    /** tweet-service's {@code chirp.tweet.cache.key-prefix}, as an environment variable. */
    static final String PREFIX_VARIABLE = "CHIRP_TWEET_CACHE_KEYPREFIX";
    /** tweet-service's default for it. */
    static final String DEFAULT_PREFIX = "chirp:tweet:";
    /** What tweet-service's {@code TweetCache} puts between the prefix and the tweet ID. */
    static final String BODY_PART = "body:";

    private static final String BODY = System.getenv().getOrDefault(PREFIX_VARIABLE, DEFAULT_PREFIX) + BODY_PART;
    private static final int PER_COMMAND = 1_000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    TweetCacheKeys() {
        client = RedisClients.create(Duration.ofSeconds(10));
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("Redis at " + Endpoints.REDIS_HOST + ":" + Endpoints.REDIS_PORT, e);
        }
        redis = connection.sync();
    }

    static String keyPattern() {
        return BODY + "<id>";
    }

    /** Removes the cached bodies of these tweets; returns how many were cached. */
    synchronized long remove(List<String> tweetIds) {
        long total = 0;
        for (String[] keys : batches(tweetIds)) {
            total += redis.unlink(keys);
        }
        return total;
    }

    /** How many of these tweets have a cached body. */
    synchronized long cached(List<String> tweetIds) {
        long total = 0;
        for (String[] keys : batches(tweetIds)) {
            total += redis.exists(keys);
        }
        return total;
    }

    /** The body keys of these tweets, at most {@value #PER_COMMAND} to a command. */
    static List<String[]> batches(List<String> tweetIds) {
        List<String[]> batches = new ArrayList<>();
        for (int from = 0; from < tweetIds.size(); from += PER_COMMAND) {
            batches.add(tweetIds.subList(from, Math.min(tweetIds.size(), from + PER_COMMAND)).stream()
                    .map(id -> BODY + id).toArray(String[]::new));
        }
        return batches;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
