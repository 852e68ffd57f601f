package dev.chirp.timeline;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * timeline-service's own settings (README.md has the table with environment variables).
 *
 * @param celebrityThreshold authors with at least this many followers are not fanned out on write; their
 *                           tweets are merged into followers' pages at read time
 * @param celebrityHysteresis a celebrity stays one until their followers drop below threshold × (1 − this), so an
 *                           account hovering at the threshold is not switched (one pass over all its followers)
 *                           at every follow and unfollow
 * @param maxEntries         a home timeline keeps the newest this many tweet IDs
 * @param activeWindow       a user who has not read a home timeline for this long is inactive: the timeline
 *                           expires and fan-out skips it until the next read rebuilds it
 * @param fanOutBatch        followers per Cassandra page and per Redis pipeline during fan-out; Cassandra pays
 *                           per page as much as per row (reading followers cost it 6.7 µs each in pages of
 *                           1,000 and 3.6 µs in pages of 5,000, measured on the 2-core bench machine)
 * @param fanOutParallelism  delivery tasks (of 1,000 followers) of one tweet written to Redis at once
 * @param trimSlack          a full home timeline may grow this many IDs past max-entries before fan-out trims it
 *                           back, so that it pays the trim once per this many deliveries instead of at each
 * @param trimSlackWindow    only tweets younger than this use the slack; older ones (a replay, a long backlog) are
 *                           trimmed at once, so that a replay cannot bring back a tweet that was trimmed away
 * @param rebuildPerAuthor   a rebuild takes at most this many recent tweets of each followee
 * @param lookbackMonths     how many monthly buckets of an author's tweets a rebuild or merge looks at
 * @param celebrityRecent    how many recent tweet IDs of a celebrity are cached and merged at read time
 * @param celebrityCacheTtl  how long a celebrity's cached recent tweet IDs live before they are reloaded
 * @param notificationTtl    notifications are forgotten after this long
 * @param groupPrefix        prepended to the Kafka consumer group names (tests isolate with it)
 * @param redis              Redis key naming
 * @param stream             the live stream
 * @param tweetService       where tweet-service's internal API is
 */
@ConfigurationProperties("chirp.timeline")
public record TimelineProperties(
        @DefaultValue("10000") long celebrityThreshold,
        @DefaultValue("0.1") double celebrityHysteresis,
        @DefaultValue("800") int maxEntries,
        @DefaultValue("30d") Duration activeWindow,
        @DefaultValue("5000") int fanOutBatch,
        @DefaultValue("4") int fanOutParallelism,
        @DefaultValue("80") int trimSlack,
        @DefaultValue("10m") Duration trimSlackWindow,
        @DefaultValue("100") int rebuildPerAuthor,
        @DefaultValue("3") int lookbackMonths,
        @DefaultValue("200") int celebrityRecent,
        @DefaultValue("60s") Duration celebrityCacheTtl,
        @DefaultValue("90d") Duration notificationTtl,
        @DefaultValue("") String groupPrefix,
        @DefaultValue Redis redis,
        @DefaultValue Stream stream,
        @DefaultValue TweetService tweetService) {

    /** @param keyPrefix prepended to every Redis key and channel this service uses */
    public record Redis(@DefaultValue("tl:") String keyPrefix) {
    }

    /**
     * The live stream and its limits (timeline-service README, "Live stream limits").
     *
     * @param heartbeat       how often a stream gets a comment line (docs/03-api.md: at least every 15 s)
     * @param timeout         a stream is closed after this long (sooner when its token expires); clients reconnect
     * @param maxPerUser      open streams of one user on this instance; the next one is refused with 429
     * @param maxPerInstance  open streams on this instance; the next one is refused with 429
     * @param retryAfter      the {@code Retry-After} of such a refusal
     * @param sendQueue       events waiting to be written to one client; a client whose queue overflows has
     *                        fallen behind and is dropped (it reconnects and reads its home timeline)
     * @param sendThreads     threads that write to clients; a client that stops reading holds one until its
     *                        socket write fails, so this many such clients at once could delay the others
     * @param stallTimeout    a client whose write has not finished after this long is dropped
     * @param listenerThreads threads that route Redis pub/sub messages to streams (never blocking work)
     * @param listenerQueue   messages waiting for those threads; beyond it the Redis subscription's I/O thread routes
     *                        the message itself (routing only queues work, so this slows intake, loses nothing)
     * @param lookupThreads   threads that look up tweets for streams (one tweet-service call each)
     * @param lookupQueue     lookups waiting for those threads; beyond it the tweet is not pushed to streams
     *                        (it is in their home timelines all the same) and {@code chirp.stream.tweet.lookups
     *                        .rejected} counts it
     * @param lookupWindow    a tweet looked up for a stream is reused for every stream and user of this instance
     *                        that receives it within this long
     * @param lookupCacheSize tweets kept for reuse at most (older entries are swept once it is exceeded)
     * @param activityRefresh how often an open stream marks its user active again (and rebuilds a home timeline
     *                        that vanished meanwhile), so that fan-out keeps reaching it
     */
    public record Stream(@DefaultValue("15s") Duration heartbeat,
                         @DefaultValue("30m") Duration timeout,
                         @DefaultValue("5") int maxPerUser,
                         @DefaultValue("2000") int maxPerInstance,
                         @DefaultValue("30s") Duration retryAfter,
                         @DefaultValue("64") int sendQueue,
                         @DefaultValue("8") int sendThreads,
                         @DefaultValue("10s") Duration stallTimeout,
                         @DefaultValue("2") int listenerThreads,
                         @DefaultValue("10000") int listenerQueue,
                         @DefaultValue("4") int lookupThreads,
                         @DefaultValue("1000") int lookupQueue,
                         @DefaultValue("10s") Duration lookupWindow,
                         @DefaultValue("10000") int lookupCacheSize,
                         @DefaultValue("5m") Duration activityRefresh) {
    }

    /**
     * @param baseUrl        tweet-service's instances: one base URL, or several (comma-separated in an environment
     *                       variable) that calls take in turn, passing over one that refuses the connection
     * @param connectTimeout connect timeout of internal calls
     * @param readTimeout    read timeout of internal calls
     */
    public record TweetService(@DefaultValue("http://127.0.0.1:8082") List<URI> baseUrl,
                               @DefaultValue("1s") Duration connectTimeout,
                               @DefaultValue("5s") Duration readTimeout) {
    }

    /** Whether an author with this many followers is a celebrity, given whether they were one before. */
    public boolean isCelebrity(long followers, boolean wasCelebrity) {
        return wasCelebrity
                ? followers >= celebrityThreshold * (1 - celebrityHysteresis)
                : followers >= celebrityThreshold;
    }
}
