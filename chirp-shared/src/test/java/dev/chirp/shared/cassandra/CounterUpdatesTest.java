package dev.chirp.shared.cassandra;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterUpdatesTest {

    @Test
    void anAppliedUpdateSaysSo() {
        AtomicInteger runs = new AtomicInteger();
        assertThat(CounterUpdates.tryApply(runs::incrementAndGet, "a count")).isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCounterTimeoutIsPassedOverAndNotSentAgain() {
        AtomicInteger runs = new AtomicInteger();
        boolean applied = CounterUpdates.tryApply(() -> {
            runs.incrementAndGet();
            throw new WriteTimeoutException(null, DefaultConsistencyLevel.ONE, 0, 1, DefaultWriteType.COUNTER);
        }, "the follow counts of 1 and 2");
        assertThat(applied).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFailureThatIsNotAStoreAwayGoesThrough() {
        assertThatThrownBy(() -> CounterUpdates.tryApply(() -> {
            throw new IllegalStateException("a bug");
        }, "a count")).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
    }

    @Test
    void anUpdateIsBoundedBelowTheRequestTimeout() {
        SimpleStatement update = CounterUpdates.bounded(
                SimpleStatement.newInstance("UPDATE c SET n = n + 1 WHERE id = 1"));
        assertThat(update.getTimeout()).isEqualTo(CounterUpdates.TIMEOUT);
        assertThat(CounterUpdates.TIMEOUT).isLessThan(Duration.ofSeconds(5));
    }
}
