package dev.chirp.testsupport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import org.junit.jupiter.api.Test;

/** The local Cassandra accepts schema changes, writes and reads through the Java driver the services use. */
class CassandraIT {

    private final LocalStack stack = LocalStack.get();

    @Test
    void createsKeyspaceWritesAndReadsARowAndDropsIt() {
        // Schema changes on a busy 2-core machine can take longer than the driver's 2 s default.
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(15))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .build();
        String keyspace = TestNames.keyspace("infra");
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(stack.cassandraAddress())
                .withLocalDatacenter(stack.cassandraDatacenter())
                .withConfigLoader(config)
                .build()) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
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
}
