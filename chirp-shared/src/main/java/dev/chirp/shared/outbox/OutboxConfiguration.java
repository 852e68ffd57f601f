package dev.chirp.shared.outbox;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.shared.cassandra.KeyspaceSessionConfiguration;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * An outbox for every service that has both Cassandra and Kafka. Its table lives in the service's own keyspace.
 */
@AutoConfiguration(after = KeyspaceSessionConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({CqlSession.class, KafkaTemplate.class})
@ConditionalOnBean({CqlSession.class, KafkaTemplate.class})
@ConditionalOnProperty(value = "chirp.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

    @Bean
    Outbox outbox(CqlSession session, EventCodec codec, Topics topics, OutboxProperties properties) {
        KeyspaceSessionConfiguration.execute(session, Outbox.TABLE_DDL, null);
        return new Outbox(session, codec, topics, properties);
    }

    @Bean
    OutboxRelay outboxRelay(Outbox outbox, KafkaTemplate<String, String> kafka, OutboxProperties properties,
                            ObjectProvider<MeterRegistry> meters) {
        return new OutboxRelay(outbox, kafka, properties, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
