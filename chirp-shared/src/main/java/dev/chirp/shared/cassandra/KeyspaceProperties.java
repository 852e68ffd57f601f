package dev.chirp.shared.cassandra;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keyspace    the service's own keyspace (design rule 1 (docs/design-rules.md)); tests give each run a fresh one
 * @param replication the replication map used when the keyspace is created; on a real cluster
 *                    {@code {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}}
 * @param schema      CQL run at startup, statements separated by {@code ;}, each one idempotent
 *                    ({@code IF NOT EXISTS})
 */
@ConfigurationProperties("chirp.cassandra")
public record KeyspaceProperties(
        String keyspace,
        @DefaultValue("{'class': 'SimpleStrategy', 'replication_factor': 1}") String replication,
        @DefaultValue("classpath:cassandra/schema.cql") String schema) {
}
