package dev.chirp.user;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.sun.net.httpserver.HttpServer;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestServiceTokens;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Spring context for every integration test of the module, against the real local Cassandra and Kafka: a fresh
 * keyspace, topic prefix and key directory per run, all dropped at the end. media-service is played by a tiny HTTP
 * server (it is another service, not infrastructure).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UserITBase.Recorder.class)
@ExtendWith(UserITBase.DropAtEnd.class)
public abstract class UserITBase {

    static final String KEYSPACE = TestNames.keyspace("user");
    static final String TOPICS = TestNames.topicPrefix();
    static final String CONSUMER_GROUP = "it-user-tweet-counts-" + UUID.randomUUID();
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** media ID → owner ID, as the media stub answers them. */
    static final Map<Long, Long> MEDIA_OWNERS = new ConcurrentHashMap<>();
    static final AtomicBoolean MEDIA_DOWN = new AtomicBoolean();
    static final List<ConsumerRecord<String, String>> EVENTS = Collections.synchronizedList(new ArrayList<>());
    private static final Path KEY_DIR;
    private static final HttpServer MEDIA;
    private static final EventRecorder RECORDER = new EventRecorder();

    static {
        try {
            KEY_DIR = Files.createTempDirectory("chirp-user-jwt");
            MEDIA = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Like the real media-service, the stub answers only calls that carry the service credential.
        MEDIA.createContext("/internal/media", exchange -> {
            if (!TestServiceTokens.signed(exchange)) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            List<Map<String, Object>> items = new ArrayList<>();
            for (String id : query.replace("ids=", "").split(",")) {
                Long owner = MEDIA_OWNERS.get(Long.parseLong(id));
                if (owner != null) {
                    items.add(Map.of("id", id, "owner_id", owner.toString(), "type", "image",
                            "url", "http://127.0.0.1:8080/api/v1/media/" + id + "/content"));
                }
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("items", items));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(MEDIA_DOWN.get() ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        MEDIA.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LocalStack stack = LocalStack.get();
        stack.springProperties().forEach(registry::add);
        registry.add("chirp.cassandra.keyspace", () -> KEYSPACE);
        registry.add("chirp.kafka.topics.prefix", () -> TOPICS);
        registry.add("chirp.user.jwt.key-dir", KEY_DIR::toString);
        registry.add("chirp.user.media-base-url", () -> "http://127.0.0.1:" + MEDIA.getAddress().getPort());
        registry.add("chirp.user.bcrypt-strength", () -> "4");
        registry.add("chirp.user.tweet-counts-group", () -> CONSUMER_GROUP);
        // Short, so that FollowCountRecountIT sees a count mended within seconds.
        registry.add("chirp.cassandra.recount-interval", () -> "1s");
        registry.add(TestServiceTokens.PROPERTY, TestServiceTokens::secret);
    }

    @LocalServerPort
    int port;

    @Autowired
    CqlSession session;

    // ---- HTTP ----

    /** @param token the user's access token (sent as {@code Bearer}), or null for none */
    TestHttp.Response call(String method, String path, String token, String json) {
        return new TestHttp(port).call(method, path, token == null ? null : "Bearer " + token, json, Map.of());
    }

    TestHttp.Response get(String path, String token) {
        return call("GET", path, token, null);
    }

    /** A GET of an internal endpoint as a sibling service makes it: with the service credential. */
    TestHttp.Response getInternal(String path) {
        return new TestHttp(port).getInternal(path);
    }

    TestHttp.Response getInternal(String path, String serviceToken) {
        return new TestHttp(port).getInternal(path, serviceToken);
    }

    TestHttp.Response post(String path, String json) {
        return call("POST", path, null, json);
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    // ---- accounts ----

    record TestUser(long id, String handle, String email, String token) {
    }

    static String uniqueHandle(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 15 - prefix.length());
    }

    TestUser signup(String prefix) {
        String handle = uniqueHandle(prefix);
        String email = handle + "@example.org";
        TestHttp.Response response = post("/api/v1/auth/signup",
                json(Map.of("handle", handle, "email", email, "password", "correct horse")));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new TestUser(Long.parseLong(response.json().get("user").get("id").asString()), handle, email,
                response.textOf("access_token"));
    }

    long countRows(String table) {
        return session.execute("SELECT count(*) FROM " + table).one().getLong(0);
    }

    static void assertProblem(TestHttp.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }

    // ---- events ----

    /** Every event this run published on the users and follows topics, read from the start. */
    static List<ConsumerRecord<String, String>> events() {
        synchronized (EVENTS) {
            return List.copyOf(EVENTS);
        }
    }

    private static final class EventRecorder implements Runnable {

        private final AtomicBoolean running = new AtomicBoolean(true);

        @Override
        public void run() {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-recorder-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
                consumer.subscribe(java.util.regex.Pattern.compile(
                        java.util.regex.Pattern.quote(TOPICS) + "(users|follows)"));
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(EVENTS::add);
                }
            }
        }
    }

    /** Starts the event recorder with the context. */
    @TestConfiguration
    static class Recorder {

        @Bean
        Object eventRecorder() {
            Thread thread = new Thread(RECORDER, "it-event-recorder");
            thread.setDaemon(true);
            thread.start();
            return RECORDER;
        }
    }

    /**
     * Drops this run's keyspace and topics once every test class has run (the root store closes its values at the
     * end of the run, while the servers are surely still there; a JVM shutdown hook may be cut short).
     */
    static class DropAtEnd implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(DropAtEnd.class, key -> (AutoCloseable) DropAtEnd::dropEverything);
        }

        private static void dropEverything() throws Exception {
            RECORDER.running.set(false);
            MEDIA.stop(0);
            FileSystemUtils.deleteRecursively(KEY_DIR);
            LocalStack stack = LocalStack.get();
            try (CqlSession cql = CqlSession.builder().addContactPoint(stack.cassandraAddress())
                    .withLocalDatacenter(stack.cassandraDatacenter()).build()) {
                cql.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + KEYSPACE)
                        .setTimeout(Duration.ofSeconds(60)));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafkaBootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get();
                admin.deleteTopics(topics.stream().filter(name -> name.startsWith(TOPICS)).toList()).all().get();
            }
        }
    }
}
