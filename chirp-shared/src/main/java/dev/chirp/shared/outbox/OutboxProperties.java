package dev.chirp.shared.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param shards              outbox partitions; an event's shard follows its Kafka key, so one key's events stay in order
 * @param pollInterval        how often the relay looks for work when nobody nudged it, right after it found some
 * @param maxIdlePollInterval while passes find nothing, the pause between them doubles up to this
 * @param batchSize           rows read from one shard per pass
 * @param sendTimeout         how long one batch may wait for Kafka before the relay backs off and retries
 * @param maxBackoff          the longest pause between retries while Kafka is unreachable
 */
@ConfigurationProperties("chirp.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("16") int shards,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5s") Duration maxIdlePollInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("5s") Duration maxBackoff) {
}
