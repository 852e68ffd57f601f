package dev.chirp.timeline;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.Topic;
import dev.chirp.shared.event.Topics;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.UserCreated;
import dev.chirp.shared.event.UserFollowed;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.shared.event.UserUnfollowed;
import dev.chirp.shared.id.TimeOrderedIdGenerator;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context of all timeline-service integration tests, against the real local Cassandra, Kafka
 * and Redis, isolated by a fresh keyspace, topic prefix, consumer group prefix and Redis key prefix. The tests
 * publish the events that user-service and tweet-service would publish; a {@link FakeTweetService} answers the
 * internal tweet lookup. Everything this run created is removed at the end ({@link TestRunCleanup}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(TestRunCleanup.class)
abstract class TimelineITBase {

    static final String TOPIC_PREFIX = TestNames.topicPrefix();
    static final String KEYSPACE = TestNames.keyspace("timeline");
    static final String REDIS_PREFIX = TestNames.prefix();
    /** Above the 1,000 followers of the fan-out test; celebrities in tests carry counts beyond it. */
    static final long CELEBRITY_THRESHOLD = 2000;
    static final FakeTweetService TWEETS = new FakeTweetService();
    static final TimeOrderedIdGenerator IDS = new TimeOrderedIdGenerator(1000);
    /** For the live stream (StreamIT reads it line by line); plain calls go through {@link TestHttp}. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LocalStack STACK = LocalStack.get();
    private static KafkaProducer<String, String> producer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        sharedProperties().forEach(registry::add);
    }

    /** Command-line arguments for a second instance on the same data, with {@code extra} ones after them. */
    static String[] secondInstanceArguments(String... extra) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--server.port=0");
        arguments.add("--management.server.port=0");
        sharedProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value.get()));
        arguments.addAll(List.of(extra));
        return arguments.toArray(String[]::new);
    }

    private static Map<String, Supplier<Object>> sharedProperties() {
        Map<String, Supplier<Object>> registry = new LinkedHashMap<>(STACK.springProperties());
        registry.put("chirp.cassandra.keyspace", () -> KEYSPACE);
        registry.put("chirp.kafka.topics.prefix", () -> TOPIC_PREFIX);
        registry.put("chirp.kafka.topics.partitions", () -> 3);
        registry.put("chirp.timeline.group-prefix", () -> TOPIC_PREFIX);
        registry.put("chirp.timeline.redis.key-prefix", () -> REDIS_PREFIX);
        registry.put("chirp.timeline.celebrity-threshold", () -> CELEBRITY_THRESHOLD);
        registry.put("chirp.timeline.stream.heartbeat", () -> "1s");
        registry.put("chirp.timeline.stream.activity-refresh", () -> "2s");
        // Small pages, so that fan-out to 1,000 followers crosses page boundaries.
        registry.put("chirp.timeline.fan-out-batch", () -> 300);
        registry.put("chirp.timeline.tweet-service.base-url", TWEETS::baseUrl);
        registry.put("chirp.security.jwks", TestTokens::jwks);
        registry.put(TestServiceTokens.PROPERTY, TestServiceTokens::secret);
        return registry;
    }

    @LocalServerPort
    int port;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    CqlSession cql;
    @Autowired
    EventCodec codec;
    @Autowired
    Topics topics;

    // ---- events, as the sibling services publish them

    static long newUserId() {
        return IDS.nextId();
    }

    long newUser(String handle) {
        long id = newUserId();
        publish(new UserCreated(new UserSnapshot(id, handle, "Display " + handle, null, null,
                "http://127.0.0.1/avatars/" + id, Instant.now())));
        return id;
    }

    TweetSnapshot tweet(long authorId) {
        return tweet(authorId, "hello " + IDS.nextId(), null, null, List.of());
    }

    TweetSnapshot tweet(long authorId, String text, Long replyToId, Long replyToAuthorId,
                        List<TweetSnapshot.Mention> mentions) {
        return tweetAt(Instant.now(), authorId, text, replyToId, replyToAuthorId, mentions);
    }

    TweetSnapshot tweetAt(Instant at, long authorId, String text, Long replyToId, Long replyToAuthorId,
                          List<TweetSnapshot.Mention> mentions) {
        long id = IDS.nextId();
        TweetSnapshot tweet = new TweetSnapshot(id, authorId, "user" + authorId, text, at, List.of(),
                replyToId, replyToAuthorId, mentions, List.of(), null);
        TWEETS.add(tweet);
        publish(new TweetCreated(tweet), at);
        return tweet;
    }

    void delete(TweetSnapshot tweet) {
        TWEETS.delete(tweet.id());
        publish(new TweetDeleted(tweet.id(), tweet.authorId(), Instant.now()));
    }

    void follow(long followerId, long followeeId, long followeeFollowers) {
        publish(new UserFollowed(followerId, followeeId, Instant.now(), followeeFollowers));
    }

    void unfollow(long followerId, long followeeId, long followeeFollowers) {
        publish(new UserUnfollowed(followerId, followeeId, Instant.now(), followeeFollowers));
    }

    EventEnvelope<ChirpEvent> publish(ChirpEvent event) {
        return publish(event, Instant.now());
    }

    EventEnvelope<ChirpEvent> publish(ChirpEvent event, Instant occurredAt) {
        EventEnvelope<ChirpEvent> envelope = codec.envelope(event, occurredAt);
        publish(envelope);
        return envelope;
    }

    void publish(EventEnvelope<? extends ChirpEvent> envelope) {
        try {
            producer().send(new ProducerRecord<>(topics.name(envelope.payload().topic()), envelope.payload().key(),
                    codec.encode(envelope))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends many events in one go (acknowledged together), for large setups. */
    void publishAll(List<? extends ChirpEvent> events) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (ChirpEvent event : events) {
            sent.add(producer().send(new ProducerRecord<>(topics.name(event.topic()), event.key(),
                    codec.encode(codec.envelope(event, Instant.now())))));
        }
        producer().flush();
        sent.forEach(future -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static synchronized void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers());
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    // ---- the HTTP API

    TestHttp.Response get(String pathAndQuery, String authorization) {
        return new TestHttp(port).get(pathAndQuery, authorization);
    }

    JsonNode getJson(String pathAndQuery, long userId) {
        TestHttp.Response response = get(pathAndQuery, TestTokens.bearer(userId));
        if (response.status() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " → " + response.status() + " " + response.body());
        }
        return response.json();
    }

    JsonNode homePage(long userId, int limit, String cursor) {
        return getJson("/api/v1/timeline/home?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor),
                userId);
    }

    /** The first page's tweet IDs. */
    List<Long> home(long userId) {
        return ids(homePage(userId, 100, null));
    }

    /** Every page, following cursors, with the given page size. */
    List<Long> wholeHome(long userId, int limit) {
        List<Long> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = homePage(userId, limit, cursor);
            all.addAll(ids(page));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString();
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("pages never end");
    }

    static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(Long.parseLong(item.path("id").asString())));
        return ids;
    }

    // ---- projections and Redis, for waiting and for asserting what was (not) written

    void awaitFollowing(long followerId, long followeeId, boolean following) {
        await().atMost(Duration.ofSeconds(30)).until(() -> (cql.execute(SimpleStatement.newInstance(
                "SELECT followee_id FROM followees_by_user WHERE user_id = ? AND followee_id = ?",
                followerId, followeeId)).one() != null) == following);
    }

    long followerCount(long userId) {
        return cql.execute(SimpleStatement.newInstance(
                "SELECT COUNT(*) FROM followers_by_user WHERE user_id = ?", userId)).one().getLong(0);
    }

    String homeKey(long userId) {
        return REDIS_PREFIX + "home:" + userId;
    }

    boolean inRedisTimeline(long userId, long tweetId) {
        return redis.opsForZSet().score(homeKey(userId), Long.toString(tweetId)) != null;
    }

    Set<String> myKeys() {
        Set<String> keys = new HashSet<>();
        try (var cursor = redis.scan(ScanOptions.scanOptions().match(REDIS_PREFIX + "*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        return keys;
    }

    /** Loses every Redis key of this run: what FLUSHALL would do to this service, without touching others. */
    void flushMyKeys() {
        Set<String> keys = myKeys();
        if (!keys.isEmpty()) {
            redis.delete(keys);
        }
    }

    /** Waits until the consumer group has processed everything published to the topic so far. */
    void awaitCaughtUp(String group, Topic topic) {
        try (Admin admin = admin()) {
            String name = topics.name(topic);
            List<TopicPartition> partitions = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(name).partitions().stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        TOPIC_PREFIX + group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                return partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                        || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p).offset()));
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers());
        return Admin.create(props);
    }
}
