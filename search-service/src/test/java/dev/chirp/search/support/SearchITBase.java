package dev.chirp.search.support;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.Topic;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.UserCreated;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.shared.id.TimeOrderedIdGenerator;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context of the module's integration tests, against the real local Elasticsearch, Redis and Kafka
 * under names of this run only (topic prefix, index prefix, key prefix). Tests publish events themselves, as
 * tweet-service and user-service would, and a {@link FakeSiblingServices} answers the hydration lookups. When the
 * run ends, the context is closed and the run's indexes, keys and topics are deleted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(SearchITBase.DeleteRunDataAtTheEnd.class)
public abstract class SearchITBase {

    protected static final LocalStack STACK = LocalStack.get();
    protected static final String TOPIC_PREFIX = TestNames.topicPrefix();
    protected static final String INDEX_PREFIX = TestNames.prefix();
    protected static final String KEY_PREFIX = TestNames.prefix();
    /** Without it the run's consumers would join the running service's groups (rebalancing them). */
    protected static final String GROUP_PREFIX = TOPIC_PREFIX;
    protected static final List<String> GROUPS = List.of(GROUP_PREFIX + "search-tweet-index",
            GROUP_PREFIX + "search-user-index", GROUP_PREFIX + "search-trends");
    protected static final FakeSiblingServices SIBLINGS = new FakeSiblingServices();

    private static final EventCodec CODEC = new EventCodec();
    private static final TimeOrderedIdGenerator IDS = new TimeOrderedIdGenerator(1023);
    private static final KafkaProducer<String, String> PRODUCER = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());

    protected final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void isolatedServers(DynamicPropertyRegistry registry) {
        STACK.springProperties().forEach(registry::add);
        registry.add("chirp.search.elasticsearch-url", STACK::elasticsearchUrl);
        registry.add("chirp.kafka.topics.prefix", () -> TOPIC_PREFIX);
        registry.add("chirp.kafka.topics.partitions", () -> 2);
        registry.add("chirp.search.index-prefix", () -> INDEX_PREFIX);
        registry.add("chirp.search.consumer-group-prefix", () -> GROUP_PREFIX);
        registry.add("chirp.search.trends.key-prefix", () -> KEY_PREFIX);
        registry.add("chirp.search.tweet-service-url", SIBLINGS::baseUrl);
        registry.add("chirp.search.user-service-url", SIBLINGS::baseUrl);
        registry.add("chirp.security.jwks", TestTokens::jwks);
        registry.add(TestServiceTokens.PROPERTY, TestServiceTokens::secret);
    }

    /** A word, hashtag or handle part that no other test uses: a letter and seven letters or digits. */
    protected static String marker() {
        return "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 7);
    }

    protected static long nextId() {
        return IDS.nextId();
    }

    // --- publishing, as the owning services would

    protected static TweetSnapshot tweet(long authorId, String handle, String text, List<String> hashtags,
                                         TweetSnapshot.GeoPoint location, Instant createdAt) {
        return new TweetSnapshot(nextId(), authorId, handle, text, createdAt.truncatedTo(ChronoUnit.MILLIS),
                List.of(), null, null, List.of(), hashtags, location);
    }

    /** Publishes TweetCreated and lets the fake tweet-service know the tweet. */
    protected static TweetSnapshot publishTweet(TweetSnapshot tweet) {
        SIBLINGS.putTweet(tweet);
        publish(new TweetCreated(tweet));
        return tweet;
    }

    protected static TweetSnapshot publishTweet(String handle, String text, List<String> hashtags) {
        return publishTweet(tweet(1, handle, text, hashtags, null, Instant.now()));
    }

    protected static void publishDeletion(TweetSnapshot tweet) {
        publish(new TweetDeleted(tweet.id(), tweet.authorId(), Instant.now()));
    }

    protected static UserSnapshot publishUser(String handle, String displayName) {
        UserSnapshot user = new UserSnapshot(nextId(), handle, displayName, null, null, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        SIBLINGS.putUser(user);
        publish(new UserCreated(user));
        return user;
    }

    protected static void publish(ChirpEvent event) {
        publishRaw(event.topic(), event.key(), CODEC.encode(CODEC.envelope(event, Instant.now())));
    }

    protected static void publishRaw(Topic topic, String key, String value) {
        try {
            PRODUCER.send(new ProducerRecord<>(TOPIC_PREFIX + topic.suffix(), key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- calling the service over HTTP

    protected TestHttp.Response get(String pathAndQuery) {
        return get(pathAndQuery, null);
    }

    /** @param authorization the whole header value, or null for none */
    protected TestHttp.Response get(String pathAndQuery, String authorization) {
        return new TestHttp(port).get(pathAndQuery, authorization);
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The IDs of the items of a 200 answer, in order. */
    protected static List<String> ids(TestHttp.Response response) {
        if (response.status() != 200) {
            throw new AssertionError("expected 200, got " + response.status() + ": " + response.body());
        }
        List<String> ids = new ArrayList<>();
        response.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    /** The IDs found by a tweet search (first page of up to 100). */
    protected List<String> searchTweets(String q) {
        return ids(get("/api/v1/search/tweets?limit=100&q=" + encode(q)));
    }

    protected static List<String> idsOf(TweetSnapshot... tweets) {
        return java.util.Arrays.stream(tweets).map(tweet -> Long.toString(tweet.id())).toList();
    }

    /**
     * Closes the shared context first (so no consumer re-creates a topic), then deletes this run's indexes, Redis
     * keys, topics and consumer groups, once, when the whole run ends.
     */
    static final class DeleteRunDataAtTheEnd implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            ConfigurableApplicationContext application =
                    (ConfigurableApplicationContext) SpringExtension.getApplicationContext(context);
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(DeleteRunDataAtTheEnd.class, key -> (AutoCloseable) () -> {
                        application.close();
                        PRODUCER.close();
                        SIBLINGS.close();
                        deleteIndexes();
                        deleteKeys();
                        deleteTopicsAndGroups();
                    });
        }

        private static void deleteIndexes() throws IOException {
            try (RestClient rest = RestClient.builder(HttpHost.create(STACK.elasticsearchUrl())).build();
                    RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper())) {
                ElasticsearchClient elasticsearch = new ElasticsearchClient(transport);
                for (String index : List.of(INDEX_PREFIX + "tweets", INDEX_PREFIX + "users")) {
                    if (elasticsearch.indices().exists(e -> e.index(index)).value()) {
                        elasticsearch.indices().delete(d -> d.index(index));
                    }
                }
            }
        }

        private static void deleteKeys() {
            RedisClient client = RedisClient.create(STACK.redisUri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                ScanIterator<String> keys = ScanIterator.scan(connection.sync(),
                        ScanArgs.Builder.matches(KEY_PREFIX + "*").limit(500));
                while (keys.hasNext()) {
                    connection.sync().unlink(keys.next());
                }
            } finally {
                client.shutdown();
            }
        }

        private static void deleteTopicsAndGroups() throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    STACK.kafkaBootstrapServers()))) {
                for (var deletion : admin.deleteConsumerGroups(GROUPS).deletedGroups().values()) {
                    try {
                        deletion.get();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                            throw e;
                        }
                    }
                }
                List<String> ours = admin.listTopics().names().get().stream()
                        .filter(name -> name.startsWith(TOPIC_PREFIX)).toList();
                for (var deletion : admin.deleteTopics(ours).topicNameValues().values()) {
                    try {
                        deletion.get();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                            throw e;
                        }
                    }
                }
            }
        }
    }
}
