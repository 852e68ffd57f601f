package dev.chirp.shared.cassandra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.chirp.shared.cassandra.CounterRecounts.Key;
import dev.chirp.shared.cassandra.LoggedBatches.BatchlogFallback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterUpdatesTest {

    private final AtomicLong now = new AtomicLong();
    private final BatchlogFallback fallback = new BatchlogFallback(Duration.ofSeconds(20), now::get);
    private final List<Key> recountsAsked = new ArrayList<>();
    private final CounterUpdates updates = new CounterUpdates(recountsAsked::addAll, fallback);

    @Test
    void anAppliedUpdateSaysSoAndAsksForNothing() {
        AtomicInteger runs = new AtomicInteger();
        assertThat(updates.apply(runs::incrementAndGet, new Key("like_count", 7))).isTrue();
        assertThat(runs).hasValue(1);
        assertThat(recountsAsked).isEmpty();
        assertThat(fallback.isOpen()).isFalse();
    }

    @Test
    void aCounterTimeoutIsPassedOverNotSentAgainAndItsTargetsRecounted() {
        AtomicInteger runs = new AtomicInteger();
        boolean applied = updates.apply(() -> {
            runs.incrementAndGet();
            throw new WriteTimeoutException(null, DefaultConsistencyLevel.ONE, 0, 1, DefaultWriteType.COUNTER);
        }, new Key("followers", 2), new Key("following", 1));
        assertThat(applied).isFalse();
        assertThat(runs).hasValue(1);
        assertThat(recountsAsked).containsExactly(new Key("followers", 2), new Key("following", 1));
    }

    @Test
    void aTimeoutEitherSideOpensTheUnloggedWindow() {
        // the server's typed answer, and the driver giving up first, which does not say what kind of write it was
        updates.apply(() -> {
            throw new WriteTimeoutException(null, DefaultConsistencyLevel.ONE, 0, 1, DefaultWriteType.COUNTER);
        }, new Key("like_count", 1));
        assertThat(fallback.isOpen()).isTrue();

        now.addAndGet(Duration.ofSeconds(21).toNanos());
        assertThat(fallback.isOpen()).isFalse();
        updates.apply(() -> {
            throw new DriverTimeoutException("Query timed out after PT3S");
        }, new Key("like_count", 1));
        assertThat(fallback.isOpen()).isTrue();
    }

    @Test
    void tooFewReplicasIsRecountedButOpensNoWindow() {
        // Unavailable is answered at once, before anything waited for a dead node
        updates.apply(() -> {
            throw new UnavailableException(null, DefaultConsistencyLevel.LOCAL_QUORUM, 2, 1);
        }, new Key("reply_count", 3));
        assertThat(recountsAsked).containsExactly(new Key("reply_count", 3));
        assertThat(fallback.isOpen()).isFalse();
    }

    @Test
    void aFailureThatIsNotAStoreAwayGoesThrough() {
        assertThatThrownBy(() -> updates.apply(() -> {
            throw new IllegalStateException("a bug");
        }, new Key("like_count", 1))).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
        assertThat(recountsAsked).isEmpty();
    }

    @Test
    void anUpdateIsBoundedBelowTheRequestTimeoutAndShorterWhileANodeIsSuspect() {
        SimpleStatement statement = SimpleStatement.newInstance("UPDATE c SET n = n + 1 WHERE id = 1");
        assertThat(updates.bounded(statement).getTimeout()).isEqualTo(CounterUpdates.TIMEOUT);
        assertThat(CounterUpdates.TIMEOUT).isLessThan(Duration.ofSeconds(5));

        fallback.open();
        assertThat(updates.bounded(statement).getTimeout()).isEqualTo(CounterUpdates.TIMEOUT_WHILE_SUSPECT)
                .isLessThan(CounterUpdates.TIMEOUT);

        now.addAndGet(Duration.ofSeconds(21).toNanos());
        assertThat(updates.bounded(statement).getTimeout()).isEqualTo(CounterUpdates.TIMEOUT);
    }

    @Test
    void aBatchIsRefusedBecauseTheDriverIgnoresItsTimeout() {
        BatchStatement batch = BatchStatement.builder(BatchType.COUNTER)
                .addStatement(SimpleStatement.newInstance("UPDATE c SET n = n + 1 WHERE id = 1")).build();
        // the reason, as the driver has it: whatever timeout a batch is given, it answers none
        assertThat(batch.setTimeout(Duration.ofSeconds(1)).getTimeout()).isNull();
        assertThatThrownBy(() -> updates.bounded(batch)).isInstanceOf(IllegalArgumentException.class);
    }
}
