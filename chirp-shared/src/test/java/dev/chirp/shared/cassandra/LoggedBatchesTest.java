package dev.chirp.shared.cassandra;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.chirp.shared.cassandra.LoggedBatches.BatchlogFallback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoggedBatchesTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);

    @Test
    void onlyATimeoutWritingTheBatchlogFallsBack() {
        assertThat(BatchlogFallback.isBatchlogTimeout(timeout(DefaultWriteType.BATCH_LOG))).isTrue();
        // a timeout while applying the batch itself, or a single write, may have been applied: not ours to resend
        assertThat(BatchlogFallback.isBatchlogTimeout(timeout(DefaultWriteType.BATCH))).isFalse();
        assertThat(BatchlogFallback.isBatchlogTimeout(timeout(DefaultWriteType.SIMPLE))).isFalse();
        assertThat(BatchlogFallback.isBatchlogTimeout(timeout(DefaultWriteType.COUNTER))).isFalse();
    }

    @Test
    void batchesGoUnloggedForTheWindowAfterAFailedBatchlogThenLoggedAgain() {
        BatchlogFallback fallback = new BatchlogFallback(Duration.ofSeconds(20), now::get);
        assertThat(fallback.isOpen()).isFalse();

        assertThat(fallback.open()).isTrue();
        now.addAndGet(Duration.ofMillis(19_999).toNanos());
        assertThat(fallback.isOpen()).isTrue();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(fallback.isOpen()).isFalse();
    }

    @Test
    void aNewFailureExtendsTheWindowFromItsOwnTime() {
        BatchlogFallback fallback = new BatchlogFallback(Duration.ofSeconds(20), now::get);
        fallback.open();
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        fallback.open();
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        assertThat(fallback.isOpen()).isTrue();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(fallback.isOpen()).isFalse();
    }

    @Test
    void theWindowHoldsAcrossTheWrapOfNanoTime() {
        now.set(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
        BatchlogFallback fallback = new BatchlogFallback(Duration.ofSeconds(20), now::get);
        fallback.open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(fallback.isOpen()).isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(fallback.isOpen()).isFalse();
    }

    @Test
    void aZeroWindowKeepsEveryBatchLogged() {
        BatchlogFallback fallback = new BatchlogFallback(Duration.ZERO, now::get);
        assertThat(fallback.open()).isFalse();
        assertThat(fallback.isOpen()).isFalse();
    }

    private static WriteTimeoutException timeout(DefaultWriteType type) {
        // the coordinator node only names where it happened; the rule looks at the write type alone
        return new WriteTimeoutException(null, DefaultConsistencyLevel.TWO, 1, 2, type);
    }
}
