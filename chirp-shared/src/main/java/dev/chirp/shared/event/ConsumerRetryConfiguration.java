package dev.chirp.shared.event;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every event consumer does when handling a record fails: retry it, with a back-off growing from
 * {@code first-interval} to {@code max-interval}, for as long as it takes. What fails there is the consumer's own
 * infrastructure (Cassandra, Redis or Elasticsearch away), and skipping the record would lose an acknowledged
 * tweet, follow or like for that consumer for good (design rule 3 (docs/design-rules.md)): the partition waits instead, and the
 * consumer lag shows it. A record that is not an event is skipped by the listeners themselves, and Spring Kafka's
 * non-retryable exceptions (conversion, class cast) are logged and skipped at once, so a poison record cannot
 * block a partition. Spring Kafka's own default would give up after ten attempts in a row, without a pause.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(DefaultErrorHandler.class)
@EnableConfigurationProperties(ConsumerRetryConfiguration.ConsumerRetryProperties.class)
public class ConsumerRetryConfiguration {

    /**
     * @param firstInterval the pause before the first retry; each next pause doubles
     * @param maxInterval   the longest pause between two attempts
     */
    @ConfigurationProperties("chirp.kafka.consumer-retry")
    public record ConsumerRetryProperties(@DefaultValue("200ms") Duration firstInterval,
                                          @DefaultValue("30s") Duration maxInterval) {
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler retryUntilHandledErrorHandler(ConsumerRetryProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.firstInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.maxInterval().toMillis());
        return new DefaultErrorHandler(backOff);
    }
}
