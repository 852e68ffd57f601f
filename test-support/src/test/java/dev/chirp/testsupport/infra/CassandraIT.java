package dev.chirp.testsupport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.cassandra.CqlScript;
import dev.chirp.shared.cassandra.KeyspaceSessionConfiguration;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import org.junit.jupiter.api.Test;

/**
 * The local Cassandra accepts schema changes (as the services' schema runner sends them), writes and reads through the
 * Java driver the services use.
 */
class CassandraIT {

    private final LocalStack stack = LocalStack.get();

    @Test
    void createsKeyspaceWritesAndReadsARowAndDropsIt() {
        String keyspace = TestNames.keyspace("infra");
        try (CqlSession session = session()) {
            createKeyspace(session, keyspace);
            try {
                session.execute("CREATE TABLE " + keyspace + ".notes (id uuid PRIMARY KEY, body text, stars int)");
                UUID id = UUID.randomUUID();
                PreparedStatement insert = session.prepare(
                        "INSERT INTO " + keyspace + ".notes (id, body, stars) VALUES (?, ?, ?)");
                session.execute(insert.bind(id, "hello, cassandra", 5));

                Row row = session.execute(session.prepare(
                        "SELECT body, stars FROM " + keyspace + ".notes WHERE id = ?").bind(id)).one();

                assertThat(row).isNotNull();
                assertThat(row.getString("body")).isEqualTo("hello, cassandra");
                assertThat(row.getInt("stars")).isEqualTo(5);
            } finally {
                session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
            }
            assertThat(session.getMetadata().getKeyspace(keyspace)).isEmpty();
        }
    }

    /**
     * The schema runner's tables get the ID every instance computes (CqlScript.withStableTableId), and this Cassandra
     * accepts it: with and without other options, and again as a no-op once the table is there.
     */
    @Test
    void aTableIsCreatedWithTheIdEveryInstanceComputes() {
        String keyspace = TestNames.keyspace("tableid");
        try (CqlSession session = session()) {
            createKeyspace(session, keyspace);
            try {
                String plain = "CREATE TABLE IF NOT EXISTS notes (id bigint PRIMARY KEY, body text)";
                String withOptions = """
                        CREATE TABLE IF NOT EXISTS notes_by_day (
                            day int,
                            id bigint,
                            PRIMARY KEY (day, id)
                        ) WITH CLUSTERING ORDER BY (id DESC) AND default_time_to_live = 60""";
                for (int round = 0; round < 2; round++) {
                    KeyspaceSessionConfiguration.execute(session, plain, keyspace);
                    KeyspaceSessionConfiguration.execute(session, withOptions, keyspace);
                }

                assertThat(tableId(session, keyspace, "notes")).isEqualTo(CqlScript.tableId(keyspace, "notes"));
                assertThat(tableId(session, keyspace, "notes_by_day"))
                        .isEqualTo(CqlScript.tableId(keyspace, "notes_by_day"));
                Row options = session.execute("SELECT default_time_to_live FROM system_schema.tables "
                        + "WHERE keyspace_name = ? AND table_name = ?", keyspace, "notes_by_day").one();
                assertThat(options).isNotNull();
                assertThat(options.getInt("default_time_to_live")).isEqualTo(60);
            } finally {
                session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
            }
        }
    }

    private CqlSession session() {
        // Schema changes on a busy 2-core machine can take longer than the driver's 2 s default.
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(15))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .build();
        return CqlSession.builder()
                .addContactPoint(stack.cassandraAddress())
                .withLocalDatacenter(stack.cassandraDatacenter())
                .withConfigLoader(config)
                .build();
    }

    private static void createKeyspace(CqlSession session, String keyspace) {
        session.execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    private static UUID tableId(CqlSession session, String keyspace, String table) {
        Row row = session.execute("SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                keyspace, table).one();
        assertThat(row).as("table %s.%s", keyspace, table).isNotNull();
        return row.getUuid("id");
    }
}
