package dev.chirp.shared.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Each service owns its schema (design rule 1 (docs/design-rules.md)): before the application's session opens, a short-lived session
 * creates the keyspace (unless {@code chirp.cassandra.create-keyspace=false}: an administrator made it) and runs the
 * service's idempotent schema file. Boot's own session bean backs off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration")
@ConditionalOnClass(CqlSession.class)
@ConditionalOnProperty("chirp.cassandra.keyspace")
@EnableConfigurationProperties(KeyspaceProperties.class)
public class KeyspaceSessionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeyspaceSessionConfiguration.class);
    private static final Pattern KEYSPACE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");
    /** Schema changes wait for agreement between nodes; on a fresh node the first DDL can be slow. */
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);
    /** How often, and how far apart, a DDL statement is tried while a node has not heard of the schema it names. */
    private static final int UNKNOWN_SCHEMA_ATTEMPTS = 10;
    private static final Duration UNKNOWN_SCHEMA_PAUSE = Duration.ofSeconds(1);
    /** How many times the driver's agreement wait (10 s each) is asked for before the service prepares statements. */
    private static final int SCHEMA_AGREEMENT_ATTEMPTS = 6;
    /** How many times, a second apart, each node is asked whether it has every table, column and index yet. */
    private static final int SCHEMA_ON_NODES_ATTEMPTS = 60;
    private static final Duration SCHEMA_ON_NODES_PAUSE = Duration.ofSeconds(1);

    @Bean(destroyMethod = "close")
    CqlSession cassandraSession(ObjectProvider<CqlSessionBuilder> builders, KeyspaceProperties properties,
                                ResourceLoader resources, LoggedBatches.BatchlogFallback fallback)
            throws IOException {
        String keyspace = properties.keyspace();
        if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("chirp.cassandra.keyspace is not a keyspace name: " + keyspace);
        }
        String script = read(resources.getResource(properties.schema()));
        try (CqlSession bootstrap = builders.getObject().build()) {
            if (properties.createKeyspace()) {
                execute(bootstrap, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = "
                        + properties.replication(), null);
            }
            for (String statement : CqlScript.statements(script)) {
                Optional<CqlScript.AddedColumn> added = CqlScript.addedColumn(statement);
                if (added.filter(column -> hasColumn(bootstrap, keyspace, column)).isEmpty()) {
                    try {
                        execute(bootstrap, statement, keyspace);
                    } catch (InvalidQueryException e) {
                        if (added.filter(column -> column.isAlreadyThere(e)).isEmpty()) {
                            throw e;
                        }
                        log.info("Column {}.{} was added by another instance", added.get().table(),
                                added.get().column());
                    }
                }
            }
            awaitSchemaAgreement(bootstrap);
        }
        log.info("Cassandra keyspace {} is ready", keyspace);
        return builders.getObject().withKeyspace(keyspace).addNodeStateListener(new NodeDownSignal(fallback)).build();
    }

    @Bean
    LoggedBatches.BatchlogFallback batchlogFallback(KeyspaceProperties properties) {
        return new LoggedBatches.BatchlogFallback(properties.batchlogFallback(), System::nanoTime);
    }

    @Bean
    LoggedBatches loggedBatches(CqlSession session, LoggedBatches.BatchlogFallback fallback) {
        return new LoggedBatches(session, fallback);
    }

    /** Only a service with counters declares how to recount them; the others get no list table and no pass. */
    @Bean
    @ConditionalOnBean(CounterRecounts.Recount.class)
    CounterRecounts counterRecounts(CqlSession session, List<CounterRecounts.Recount> recounts,
                                    KeyspaceProperties properties) {
        return new CounterRecounts(session, recounts, properties.recountInterval());
    }

    @Bean
    @ConditionalOnBean(CounterRecounts.Recount.class)
    CounterUpdates counterUpdates(CounterRecounts recounts, LoggedBatches.BatchlogFallback fallback) {
        return new CounterUpdates(recounts::request, fallback);
    }

    /**
     * Runs DDL against the keyspace without switching the whole session to it, then waits until every node that is up
     * has the same schema. The driver waits by itself after a change it made, but not after an {@code IF NOT EXISTS}
     * that found the object already there: when two instances of a service start together on a fresh ring, the
     * other one may have just created it through another node, and the next statement, sent to a node that has not
     * heard of it yet, failed with "Keyspace ... does not exist" (seen on the first {@code ./chirp up --cluster}).
     * A table it creates gets the ID every instance gives it ({@link CqlScript#withStableTableId}), so that two
     * instances creating it at once make one table, not two.
     */
    public static void execute(CqlSession session, String cql, @Nullable String keyspace) {
        String target = keyspace != null ? keyspace
                : session.getKeyspace().map(CqlIdentifier::asInternal).orElse(null);
        SimpleStatement statement = SimpleStatement.newInstance(target == null ? cql
                : CqlScript.withStableTableId(cql, target)).setTimeout(DDL_TIMEOUT);
        if (keyspace != null) {
            statement = statement.setKeyspace(CqlIdentifier.fromCql(keyspace));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                session.execute(statement);
                break;
            } catch (InvalidQueryException e) {
                if (attempt == UNKNOWN_SCHEMA_ATTEMPTS || !namesSchemaNotYetKnown(e)) {
                    throw e;
                }
                log.info("A Cassandra node does not know the schema yet ({}); asking again", e.getMessage());
                session.checkSchemaAgreement();
                pause(UNKNOWN_SCHEMA_PAUSE);
            }
        }
        if (!session.checkSchemaAgreement()) {
            log.warn("Cassandra nodes still disagree on the schema after {}", cql.lines().findFirst().orElse(cql));
        }
        CqlScript.Made made = CqlScript.made(List.of(cql));
        if (target != null && !made.isEmpty()) {
            awaitSchemaOnEveryNode(session, target, made);
        }
    }

    /**
     * Waits, up to {@code SCHEMA_AGREEMENT_ATTEMPTS} times the driver's own agreement wait (10 s), until every node
     * that is up has the schema, before the service prepares its statements. One wait was not always enough: in CI,
     * on a fresh ring of three beside two instances of six services starting at once, media-service-2's nodes still
     * disagreed after 10 s, and its first prepare, sent to a node without the table, failed with "table media_by_id
     * does not exist", which stopped the instance. Past the bound it goes on (a node may be down for good).
     */
    private static void awaitSchemaAgreement(CqlSession session) {
        for (int attempt = 1; attempt <= SCHEMA_AGREEMENT_ATTEMPTS; attempt++) {
            if (session.checkSchemaAgreement()) {
                return;
            }
            log.info("Cassandra nodes do not agree on the schema yet; waiting again ({} of {})", attempt,
                    SCHEMA_AGREEMENT_ATTEMPTS);
        }
        log.warn("Cassandra nodes still disagree on the schema; the service starts anyway");
    }

    /**
     * Waits, up to {@code SCHEMA_ON_NODES_ATTEMPTS} seconds, until every node that is up can serve each table and
     * column a DDL statement made, and lists each index it made, asking each node itself. The driver's agreement
     * check is not enough: it compares the schema versions that its control node's {@code system.peers} holds, which
     * is that node's belief about the others; in {@code ./chirp up --cluster} on a fresh ring media-service's first
     * prepare still met a node without its table ("table media_by_id does not exist") after the driver had found the
     * nodes agreeing, and so did user-service's with the outbox table. Nor is a node's own {@code system_schema}: a
     * starved node listed {@code counter_recounts} there while a prepare on it still failed, as a node writes those
     * rows before it applies the change to the schema it serves. So a table and a column are asked for as a prepare
     * would ({@code SELECT column FROM table LIMIT 1} on that node); an index, which no query can name, in
     * {@code system_schema}. Past the bound it goes on, and the prepare that fails says which table.
     */
    private static void awaitSchemaOnEveryNode(CqlSession session, String keyspace, CqlScript.Made made) {
        for (int attempt = 1; attempt <= SCHEMA_ON_NODES_ATTEMPTS; attempt++) {
            List<String> lagging = new ArrayList<>();
            for (Node node : session.getMetadata().getNodes().values()) {
                if (node.getState() != NodeState.UP) {
                    continue;
                }
                List<String> missing = missingOn(session, node, keyspace, made);
                if (!missing.isEmpty()) {
                    lagging.add(node.getEndPoint() + " lacks " + missing);
                }
            }
            if (lagging.isEmpty()) {
                return;
            }
            if (attempt == 1 || attempt % 10 == 0) {
                log.info("Waiting for the schema to reach every Cassandra node: {}", lagging);
            }
            pause(SCHEMA_ON_NODES_PAUSE);
        }
        log.warn("Not every Cassandra node has the schema after {} s; the service starts anyway",
                SCHEMA_ON_NODES_ATTEMPTS);
    }

    /** What of {@code made} {@code node} cannot serve yet. */
    private static List<String> missingOn(CqlSession session, Node node, String keyspace, CqlScript.Made made) {
        List<String> missing = new ArrayList<>();
        for (String table : made.tables()) {
            if (!serves(session, node, "SELECT * FROM " + keyspace + "." + table + " LIMIT 1")) {
                missing.add("table " + table);
            }
        }
        for (CqlScript.AddedColumn column : made.columns()) {
            if (!serves(session, node, "SELECT " + column.column() + " FROM " + keyspace + "." + column.table()
                    + " LIMIT 1")) {
                missing.add("column " + column.table() + "." + column.column());
            }
        }
        if (!made.indexes().isEmpty()) {
            Set<String> indexes = new HashSet<>();
            try {
                for (Row row : session.execute(SimpleStatement.newInstance(
                        "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = ?", keyspace)
                        .setNode(node))) {
                    indexes.add(row.getString(0));
                }
            } catch (RuntimeException e) {
                missing.add("its index list (" + e.getMessage() + ")");
                return missing;
            }
            made.indexes().stream().filter(index -> !indexes.contains(index)).forEach(index -> missing.add("index "
                    + index));
        }
        return missing;
    }

    /** Whether {@code node} runs {@code query}: false when it does not know what the query names, or cannot answer. */
    private static boolean serves(CqlSession session, Node node, String query) {
        try {
            session.execute(SimpleStatement.newInstance(query).setNode(node)
                    .setConsistencyLevel(ConsistencyLevel.ONE));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a DDL statement failed only because the node that ran it has not yet heard of a keyspace or table made
     * through another node. On a fresh ring of three on a starved machine, a new keyspace took 7 s to reach the other
     * nodes, and the second instance of a service, whose {@code CREATE KEYSPACE IF NOT EXISTS} had found it on one
     * node, saw its first table refused by another with "Keyspace 'chirp_timeline' does not exist" although the
     * driver had found the nodes agreeing; it exited, and {@code ./chirp up --cluster} with it.
     */
    static boolean namesSchemaNotYetKnown(InvalidQueryException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("does not exist") || message.contains("unconfigured table");
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Cassandra's schema", e);
        }
    }

    private static boolean hasColumn(CqlSession session, String keyspace, CqlScript.AddedColumn added) {
        return session.execute(SimpleStatement.newInstance("SELECT column_name FROM system_schema.columns "
                + "WHERE keyspace_name = ? AND table_name = ? AND column_name = ?", keyspace.toLowerCase(),
                added.table(), added.column())).one() != null;
    }

    private static String read(Resource resource) throws IOException {
        if (!resource.exists()) {
            return "";
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
