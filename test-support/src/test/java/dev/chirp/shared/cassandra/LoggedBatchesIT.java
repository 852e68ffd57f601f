package dev.chirp.shared.cassandra;

import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.testsupport.LocalStack;
import dev.chirp.testsupport.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against the local Cassandra ({@code ./chirp infra up}; {@link LocalStack} finds it), in a keyspace of its own. It
 * lives in test-support, in chirp-shared's package (it builds a fallback through package-private constructors),
 * because chirp-shared's own tests cannot use {@link LocalStack}: test-support depends on chirp-shared. A single node always stores its batchlog, so the fallback is opened by hand here; that a dead node's
 * batchlog timeouts open it is shown by {@code ./chirp chaos} on the cluster (docs/benchmarks-chaos.md).
 */
class LoggedBatchesIT {

    private static final String KEYSPACE = TestNames.keyspace("logged_batches");
    private static CqlSession session;
    private static PreparedStatement insertTweet;
    private static PreparedStatement insertByAuthor;

    @BeforeAll
    static void keyspace() {
        LocalStack stack = LocalStack.get();
        session = CqlSession.builder()
                .addContactPoint(stack.cassandraAddress())
                .withLocalDatacenter(stack.cassandraDatacenter())
                .build();
        KeyspaceSessionConfiguration.execute(session, "CREATE KEYSPACE " + KEYSPACE
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}", null);
        KeyspaceSessionConfiguration.execute(session,
                "CREATE TABLE tweets (id bigint PRIMARY KEY, text text)", KEYSPACE);
        KeyspaceSessionConfiguration.execute(session,
                "CREATE TABLE tweets_by_author (author bigint, id bigint, PRIMARY KEY (author, id))", KEYSPACE);
        insertTweet = session.prepare("INSERT INTO " + KEYSPACE + ".tweets (id, text) VALUES (?, ?)");
        insertByAuthor = session.prepare("INSERT INTO " + KEYSPACE + ".tweets_by_author (author, id) VALUES (?, ?)");
    }

    @AfterAll
    static void dropKeyspace() {
        if (session != null) {
            KeyspaceSessionConfiguration.execute(session, "DROP KEYSPACE IF EXISTS " + KEYSPACE, null);
            session.close();
        }
    }

    @Test
    void aBatchIsWrittenWholeLoggedAndWhileFallingBackUnlogged() {
        LoggedBatches.BatchlogFallback fallback = fallback(Duration.ofMinutes(1));
        LoggedBatches batches = new LoggedBatches(session, fallback);
        batches.execute(post(1, 10, "logged"));
        assertThat(fallback.isOpen()).isFalse();

        fallback.open();
        assertThat(fallback.isOpen()).isTrue();
        batches.execute(post(2, 10, "unlogged, while a node is not yet convicted"));

        assertThat(text(1)).isEqualTo("logged");
        assertThat(text(2)).isEqualTo("unlogged, while a node is not yet convicted");
        assertThat(session.execute("SELECT id FROM " + KEYSPACE + ".tweets_by_author WHERE author = 10").all())
                .extracting(row -> row.getLong("id")).containsExactly(1L, 2L);
    }

    @Test
    void batchesAreLoggedAgainOnceTheWindowHasPassed() {
        LoggedBatches.BatchlogFallback fallback = fallback(Duration.ofMillis(300));
        LoggedBatches batches = new LoggedBatches(session, fallback);
        fallback.open();
        assertThat(fallback.isOpen()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !fallback.isOpen());
        batches.execute(post(3, 11, "logged again"));
        assertThat(text(3)).isEqualTo("logged again");
    }

    @Test
    void aZeroWindowNeverFallsBack() {
        LoggedBatches.BatchlogFallback fallback = fallback(Duration.ZERO);
        fallback.open();
        assertThat(fallback.isOpen()).isFalse();
    }

    private static LoggedBatches.BatchlogFallback fallback(Duration window) {
        return new LoggedBatches.BatchlogFallback(window, System::nanoTime);
    }

    private static BatchStatement post(long id, long author, String text) {
        return BatchStatement.newInstance(DefaultBatchType.LOGGED)
                .add(insertTweet.bind(id, text))
                .add(insertByAuthor.bind(author, id));
    }

    private static String text(long id) {
        Row row = session.execute("SELECT text FROM " + KEYSPACE + ".tweets WHERE id = " + id).one();
        return row == null ? null : row.getString("text");
    }
}
