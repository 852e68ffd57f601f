package dev.chirp.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.chirp.shared.event.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Removes what this test run created on the shared servers once every test has run, inside the run (a JVM
 * shutdown hook can be cut short when the forked test JVM exits): stops the consumers, deletes the run's Redis
 * keys and keyspace, closes the shared context, then deletes the run's consumer groups and topics.
 */
class TestRunCleanup implements BeforeAllCallback {

    private static final Logger log = LoggerFactory.getLogger(TestRunCleanup.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        ConfigurableApplicationContext spring =
                (ConfigurableApplicationContext) SpringExtension.getApplicationContext(context);
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(
                TestRunCleanup.class, key -> (AutoCloseable) () -> removeRunData(spring));
    }

    private static void removeRunData(ConfigurableApplicationContext spring) {
        log.info("Removing the data of test run {}", TimelineITBase.REDIS_PREFIX);
        spring.getBean(KafkaListenerEndpointRegistry.class).stop();
        StringRedisTemplate redis = spring.getBean(StringRedisTemplate.class);
        try (var cursor = redis.scan(ScanOptions.scanOptions().match(TimelineITBase.REDIS_PREFIX + "*")
                .count(1000).build())) {
            List<String> keys = new ArrayList<>();
            cursor.forEachRemaining(keys::add);
            if (!keys.isEmpty()) {
                redis.delete(keys);
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete Redis keys {}*: {}", TimelineITBase.REDIS_PREFIX, e.toString());
        }
        try {
            spring.getBean(CqlSession.class).execute(SimpleStatement.newInstance(
                    "DROP KEYSPACE IF EXISTS " + TimelineITBase.KEYSPACE).setTimeout(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            log.warn("Could not drop keyspace {}: {}", TimelineITBase.KEYSPACE, e.toString());
        }
        spring.close();
        try (Admin admin = TimelineITBase.admin()) {
            admin.deleteConsumerGroups(List.of("timeline-fanout", "timeline-graph", "timeline-notifications",
                    "timeline-users").stream().map(group -> TimelineITBase.TOPIC_PREFIX + group).toList())
                    .all().get(30, TimeUnit.SECONDS);
            admin.deleteTopics(List.of(Topic.values()).stream()
                    .map(topic -> TimelineITBase.TOPIC_PREFIX + topic.suffix()).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Could not delete consumer groups and topics of {}: {}", TimelineITBase.TOPIC_PREFIX,
                    e.toString());
        }
        TimelineITBase.closeProducer();
        TimelineITBase.TWEETS.stop();
    }
}
