package dev.chirp.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chirp.shared.event.ConsumerRetryConfiguration;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * chirp-shared's consumer retry policy, in a real listener container against the real local Kafka: a record whose
 * handling keeps failing (as when the consumer's database is away) is retried past Spring Kafka's default of ten
 * attempts until it succeeds, and the records after it wait for it instead of overtaking it.
 */
@SpringBootTest(classes = ConsumerRetryIT.Listener.class)
class ConsumerRetryIT {

    private static final String TOPIC = TestNames.topicPrefix() + "retry";
    private static final int FAILURES = 15;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", LocalStack.get()::kafkaBootstrapServers);
        registry.add("spring.kafka.consumer.auto-offset-reset", () -> "earliest");
        registry.add("spring.kafka.listener.ack-mode", () -> "record");
        registry.add("chirp.kafka.consumer-retry.first-interval", () -> "10ms");
        registry.add("chirp.kafka.consumer-retry.max-interval", () -> "40ms");
        // A re-read record waits for the fetch in flight (chirp-defaults: 2 s when there is nothing new): this test
        // is about the retry policy, not that wait, so its fifteen retries need not take half a minute.
        registry.add("spring.kafka.consumer.fetch-max-wait", () -> "100ms");
        registry.add("retry-it.topic", () -> TOPIC);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({KafkaAutoConfiguration.class, ConsumerRetryConfiguration.class})
    static class Listener {

        final AtomicInteger attempts = new AtomicInteger();
        final List<String> handled = new CopyOnWriteArrayList<>();

        @Bean
        NewTopic retryTopic() {
            return new NewTopic(TOPIC, 1, (short) 1);
        }

        @KafkaListener(topics = "${retry-it.topic}", groupId = "${retry-it.topic}-group")
        void on(String value) {
            if (value.equals("flaky") && attempts.incrementAndGet() <= FAILURES) {
                throw new IllegalStateException("the store is away (attempt " + attempts.get() + ")");
            }
            handled.add(value);
        }
    }

    @Autowired
    Listener listener;
    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void aRecordThatKeepsFailingIsRetriedUntilHandledAndTheNextOneWaitsForIt() throws Exception {
        kafka.send(TOPIC, "k", "flaky").get();
        kafka.send(TOPIC, "k", "next").get();

        await().atMost(Duration.ofSeconds(60)).until(() -> listener.handled.size() == 2);
        assertThat(listener.handled).containsExactly("flaky", "next");
        assertThat(listener.attempts.get()).isEqualTo(FAILURES + 1);
    }
}
