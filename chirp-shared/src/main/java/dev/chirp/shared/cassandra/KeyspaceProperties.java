package dev.chirp.shared.cassandra;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keyspace    the service's own keyspace (design rule 1 (docs/design-rules.md)); tests give each run a fresh one
 * @param replication the replication map used when the keyspace is created; on a real cluster
 *                    {@code {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}}
 * @param schema      CQL run at startup, statements separated by {@code ;}, each one idempotent
 *                    ({@code IF NOT EXISTS})
 * @param createKeyspace whether the service creates its keyspace at startup. Off where Cassandra checks
 *                    permissions: {@code CREATE KEYSPACE} is authorised against ALL KEYSPACES even with
 *                    {@code IF NOT EXISTS}, which a service's own role must not hold, so an administrator creates
 *                    the keyspace beforehand (the production overlay's setup Job) and the service only runs its
 *                    schema file in it
 * @param batchlogFallback how long multi-partition batches go unlogged after one failed because its batchlog could
 *                    not be stored, or a counter update timed out ({@link LoggedBatches}); zero keeps them logged
 *                    and lets such a write fail
 * @param recountInterval how often the counters whose update failed are recounted from their rows
 *                    ({@link CounterRecounts}); zero stops the passes
 */
@ConfigurationProperties("chirp.cassandra")
public record KeyspaceProperties(
        String keyspace,
        @DefaultValue("{'class': 'SimpleStrategy', 'replication_factor': 1}") String replication,
        @DefaultValue("classpath:cassandra/schema.cql") String schema,
        @DefaultValue("true") boolean createKeyspace,
        @DefaultValue("20s") Duration batchlogFallback,
        @DefaultValue("30s") Duration recountInterval) {
}
