package dev.chirp.tweet.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.ThrowawayKafka;
import dev.chirp.testsupport.TestHttp;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * design rule 3 (docs/design-rules.md), proven: tweets answered 201 while Kafka is down reach every consumer group exactly once
 * (after deduplication by event ID) once Kafka is back. The broker here is a private one this test starts and
 * stops; the shared Kafka on 9092 is never touched. Its own context and keyspace, so no other relay drains its
 * outbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class KafkaDownIT {

    private static final int TWEETS = 5;
    private static final LocalStack STACK = LocalStack.get();
    private static final ThrowawayKafka KAFKA = ThrowawayKafka.create();
    private static final String KEYSPACE = TestNames.keyspace("tweetkafka");
    private static final String TOPICS = TestNames.topicPrefix();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaDownIT::dropKeyspace));
        KAFKA.start();
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void isolated(DynamicPropertyRegistry registry) {
        registry.add("spring.cassandra.contact-points", STACK::cassandraContactPoint);
        registry.add("spring.cassandra.local-datacenter", STACK::cassandraDatacenter);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.data.redis.host", STACK::redisHost);
        registry.add("spring.data.redis.port", STACK::redisPort);
        registry.add("chirp.cassandra.keyspace", () -> KEYSPACE);
        registry.add("chirp.kafka.topics.prefix", () -> TOPICS);
        registry.add("chirp.tweet.cache.key-prefix", TestNames::prefix);
        registry.add("chirp.outbox.max-backoff", () -> "1s");
        registry.add("chirp.security.jwks", TestTokens::jwks);
        registry.add(TestServiceTokens.PROPERTY, TestServiceTokens::secret);
    }

    /**
     * Stops the private broker when the context closes (@DirtiesContext, right after this class): beans are destroyed
     * after the Kafka listeners and the outbox relay have stopped, so nothing is left waiting on a dead broker.
     * ThrowawayKafka's own shutdown hook covers a context that never started.
     */
    @TestConfiguration
    static class Cleanup {

        @Bean
        DisposableBean throwawayKafka() {
            return KAFKA::close;
        }
    }

    private static void dropKeyspace() {
        try (CqlSession session = CqlSession.builder().addContactPoint(STACK.cassandraAddress())
                .withLocalDatacenter(STACK.cassandraDatacenter()).build()) {
            session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + KEYSPACE)
                    .setTimeout(Duration.ofSeconds(30)));
        } catch (RuntimeException ignored) {
            // best effort: the name is unique to this run
        }
    }

    @Test
    void tweetsPostedWhileKafkaIsDownArriveExactlyOncePerConsumerGroup() {
        TestHttp http = new TestHttp(port);
        long author = 7_000_000_000L + System.nanoTime() % 1_000_000;
        KAFKA.stop();

        Set<Long> posted = new TreeSet<>();
        for (int i = 0; i < TWEETS; i++) {
            TestHttp.Response response = http.postJson("/api/v1/tweets", "{\"text\":\"while Kafka sleeps " + i + "\"}",
                    TestTokens.bearer(author));
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            posted.add(Long.parseLong(response.json().get("id").asString()));
        }

        KAFKA.start();

        for (String group : List.of("fan-out-" + TOPICS, "search-" + TOPICS)) {
            Map<String, Long> byEventId = new HashMap<>();
            List<Long> delivered = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = consumer(group)) {
                consumer.subscribe(List.of(TOPICS + "tweets"));
                EventCodec codec = new EventCodec();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ZERO).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        EventEnvelope<ChirpEvent> event = codec.decode(record.value()).orElseThrow();
                        if (event.payload() instanceof TweetCreated created) {
                            delivered.add(created.tweet().id());
                            byEventId.putIfAbsent(event.eventId(), created.tweet().id());
                        }
                    }
                    return byEventId.size() >= TWEETS;
                });
            }
            assertThat(new TreeSet<>(byEventId.values())).as("group %s after dedup", group).isEqualTo(posted);
            assertThat(byEventId).as("one event per tweet in group %s", group).hasSize(TWEETS);
            assertThat(delivered).as("every delivery is one of ours").allMatch(posted::contains);
        }
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(properties);
    }
}
