package dev.chirp.testsupport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.cassandra.CqlScript;
import dev.chirp.shared.cassandra.KeyspaceSessionConfiguration;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import org.junit.jupiter.api.Test;

/**
 * The schema runner's tables get the ID every instance computes (CqlScript.withStableTableId), and the Cassandra the
 * services run accepts it: with and without other options, and again as a no-op once the table is there.
 */
class StableTableIdIT {

    private final LocalStack stack = LocalStack.get();

    @Test
    void aTableIsCreatedWithTheIdEveryInstanceComputes() {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(15))
                .build();
        String keyspace = TestNames.keyspace("tableid");
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(stack.cassandraAddress())
                .withLocalDatacenter(stack.cassandraDatacenter())
                .withConfigLoader(config)
                .build()) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
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

    private static UUID tableId(CqlSession session, String keyspace, String table) {
        Row row = session.execute("SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                keyspace, table).one();
        assertThat(row).as("table %s.%s", keyspace, table).isNotNull();
        return row.getUuid("id");
    }
}
