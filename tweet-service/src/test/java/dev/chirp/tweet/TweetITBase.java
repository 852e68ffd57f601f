package dev.chirp.tweet;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.UserCreated;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context that every IT of this module shares (same class, same properties): a fresh keyspace,
 * topic prefix and Redis prefix on the real local servers, test JWT keys, and a fake media-service. Everything
 * the run created is removed when the JVM ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class TweetITBase {

    protected static final LocalStack STACK = LocalStack.get();
    protected static final String KEYSPACE = TestNames.keyspace("tweet");
    protected static final String TOPICS = TestNames.topicPrefix();
    protected static final String REDIS_PREFIX = TestNames.prefix();
    protected static final FakeMediaService MEDIA = new FakeMediaService();
    protected static final EventCodec CODEC = new EventCodec();
    private static final AtomicLong USER_IDS = new AtomicLong((System.currentTimeMillis() % 1_000_000) * 1_000_000);
    private static final KafkaProducer<String, String> PRODUCER = producer();
    private static CqlSession cql;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TweetITBase::cleanUp));
    }

    @LocalServerPort
    int port;

    protected TestHttp http;

    @DynamicPropertySource
    static void isolated(DynamicPropertyRegistry registry) {
        STACK.springProperties().forEach(registry::add);
        registry.add("chirp.cassandra.keyspace", () -> KEYSPACE);
        registry.add("chirp.kafka.topics.prefix", () -> TOPICS);
        registry.add("chirp.tweet.cache.key-prefix", () -> REDIS_PREFIX);
        // Short, so that LikesIT can watch a stale count run out.
        registry.add("chirp.tweet.cache.counts-ttl", () -> "6s");
        // Short, so that CountRecountIT sees a count mended within seconds.
        registry.add("chirp.cassandra.recount-interval", () -> "1s");
        registry.add("chirp.tweet.media.url", MEDIA::url);
        registry.add("chirp.security.jwks", TestTokens::jwks);
        registry.add(TestServiceTokens.PROPERTY, TestServiceTokens::secret);
    }

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    /** Posts {@code body} as {@code authorId}; the response as it came. */
    protected TestHttp.Response post(long authorId, Object body, String... headers) {
        return http.postJson("/api/v1/tweets", TestHttp.JSON.writeValueAsString(body), TestTokens.bearer(authorId),
                headers);
    }

    /** Posts a plain text tweet and returns its ID (asserting the 201). */
    protected String tweet(long authorId, String text) {
        TestHttp.Response response = post(authorId, Map.of("text", text));
        if (response.status() != 201) {
            throw new AssertionError("expected 201, got " + response.status() + ": " + response.body());
        }
        return response.json().get("id").asString();
    }

    /** Rows in tweets_by_id written by {@code authorId}: what "writes nothing" checks. */
    protected static long tweetsBy(long authorId) {
        return count("SELECT COUNT(*) FROM tweets_by_id WHERE author_id = ? ALLOW FILTERING", authorId);
    }

    /** A user ID no other test uses; unknown to the user projection. */
    protected static long anyUserId() {
        return USER_IDS.incrementAndGet();
    }

    /** A user announced on chirp.users, once the projection has it. */
    protected static long newUser(String handle) {
        return newUser(anyUserId(), handle);
    }

    protected static long newUser(long id, String handle) {
        UserSnapshot user = new UserSnapshot(id, handle, "Name of " + handle, null, null,
                "http://127.0.0.1:8080/api/v1/media/" + id + "/content", Instant.now());
        publish(new UserCreated(user));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cql().execute("SELECT user_id FROM users_by_id WHERE user_id = ?", id).one() != null);
        return id;
    }

    /** A handle unique to this run: 3..15 of [A-Za-z0-9_]. */
    protected static String uniqueHandle() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    protected static void publish(ChirpEvent event) {
        publishRaw(event.topic().suffix(), event.key(), CODEC.encode(CODEC.envelope(event, Instant.now())));
    }

    protected static void publishRaw(String topicSuffix, String key, String value) {
        try {
            PRODUCER.send(new ProducerRecord<>(TOPICS + topicSuffix, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session in this run's keyspace, for checking what was (not) written. */
    protected static synchronized CqlSession cql() {
        if (cql == null) {
            cql = session().withKeyspace(KEYSPACE).build();
        }
        return cql;
    }

    private static com.datastax.oss.driver.api.core.CqlSessionBuilder session() {
        return CqlSession.builder().addContactPoint(STACK.cassandraAddress())
                .withLocalDatacenter(STACK.cassandraDatacenter());
    }

    protected static long count(String cql, Object... values) {
        return cql().execute(cql, values).one().getLong(0);
    }

    /** Every event on {@code topicSuffix} so far, decoded, read by a fresh consumer group. */
    protected static List<EventEnvelope<ChirpEvent>> events(String topicSuffix) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<EventEnvelope<ChirpEvent>> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(TOPICS + topicSuffix));
            long quietUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    CODEC.decode(record.value()).ifPresent(events::add);
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return events;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static void cleanUp() {
        try (CqlSession session = session().build()) {
            session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
                    .newInstance("DROP KEYSPACE IF EXISTS " + KEYSPACE).setTimeout(Duration.ofSeconds(30)));
        } catch (RuntimeException ignored) {
            // best effort: the keyspace name is unique to this run
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                STACK.kafkaBootstrapServers()))) {
            List<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(TOPICS))
                    .toList();
            admin.deleteTopics(topics).all().get();
        } catch (Exception ignored) {
            // best effort
        }
        RedisClient redis = RedisClient.create(STACK.redisUri());
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            List<String> keys = connection.sync().keys(REDIS_PREFIX + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } catch (RuntimeException ignored) {
            // best effort
        } finally {
            redis.shutdown();
        }
        PRODUCER.close(Duration.ofSeconds(2));
    }
}
