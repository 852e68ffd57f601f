package dev.chirp.search;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/** How this service consumes events: in batches (one bulk request per poll), committing after the effect. */
@Configuration(proxyBeanMethods = false)
class EventConsumerConfiguration {

    /**
     * Batch listeners, offsets committed after the whole batch took effect. Undecodable records are skipped by
     * the listeners themselves; what reaches the error handler is an infrastructure failure (Elasticsearch or
     * Redis away), so the batch is retried until it succeeds rather than dropped (chirp-shared's
     * {@code ConsumerRetryConfiguration}, which the configurer applies).
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> batchListenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        return factory;
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
