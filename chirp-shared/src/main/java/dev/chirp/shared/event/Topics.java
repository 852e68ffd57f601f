package dev.chirp.shared.event;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Physical topic names. Tests give each run its own prefix so that they never read each other's events.
 *
 * @param prefix     prepended to every topic's logical name ({@code chirp.} gives {@code chirp.tweets})
 * @param partitions partitions of each topic when this service creates it
 * @param replicas   replication factor when this service creates it (3 on a real cluster)
 */
@ConfigurationProperties("chirp.kafka.topics")
public record Topics(@DefaultValue("chirp.") String prefix, @DefaultValue("6") int partitions,
                     @DefaultValue("1") short replicas) {

    public String name(Topic topic) {
        return prefix + topic.suffix();
    }
}
