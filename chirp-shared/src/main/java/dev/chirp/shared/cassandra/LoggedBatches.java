package dev.chirp.shared.cassandra;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a change that spans partitions (rows of several tables, usually with its outbox event) as one logged batch,
 * and keeps writing through the seconds in which Cassandra cannot store a batchlog.
 * <p>
 * A logged batch first stores its batchlog on two nodes other than its coordinator, at consistency TWO. In a data
 * centre of three, those are always both other nodes, so after one of them dies without a word (a crash, SIGKILL)
 * every logged batch waits for it and fails, until the others' failure detector convicts it (about 18 s), although a
 * quorum of every partition's replicas is alive. When a batch fails that way (a write timeout of type
 * {@code BATCH_LOG}: its coordinator applied none of it, though the one node that did store its batchlog may
 * replay it later, the same writes at the same timestamps), it is sent again unlogged, and so is
 * every batch for the next {@code chirp.cassandra.batchlog-fallback} (20 s): each of its writes reaches a quorum of
 * its replicas as the logged one would have. What is given up meanwhile is atomicity under a second fault: should
 * the coordinator die, or a second replica of one partition, in the middle of such a batch, part of it may be
 * applied, and the caller gets a 503 for the whole (docs/07-bottlenecks-and-reliability.md, "Faults under load").
 * Every batch given here must be idempotent (fixed keys, no counters, no conditions), as a retry is.
 * <p>
 * A counter update that times out opens the same window ({@link CounterUpdates}): Cassandra sends it through a
 * leader replica picked at random among those it believes alive, so it is the other write that meets an unconvicted
 * dead node, and a follow or like that met both waited 3 s for its counter and 2 s more for its batchlog, past a
 * client's 5 s. And so does this driver losing every connection to a node ({@link NodeDownSignal}), which on a crash
 * comes at once, before any write has had to wait.
 */
public class LoggedBatches {

    private static final Logger log = LoggerFactory.getLogger(LoggedBatches.class);

    private final CqlSession session;
    private final BatchlogFallback fallback;

    public LoggedBatches(CqlSession session, Duration fallbackWindow) {
        this(session, new BatchlogFallback(fallbackWindow, System::nanoTime));
    }

    LoggedBatches(CqlSession session, BatchlogFallback fallback) {
        this.session = session;
        this.fallback = fallback;
    }

    /** Applies {@code batch} (built {@code LOGGED}), unlogged while the batchlog cannot be written. */
    public void execute(BatchStatement batch) {
        if (fallback.isOpen()) {
            session.execute(batch.setBatchType(DefaultBatchType.UNLOGGED));
            return;
        }
        try {
            session.execute(batch);
        } catch (WriteTimeoutException e) {
            if (!BatchlogFallback.isBatchlogTimeout(e) || !fallback.open()) {
                throw e;
            }
            log.warn("Cassandra could not store a batchlog ({}): multi-partition batches go unlogged for {}",
                    e.getMessage(), fallback.window());
            session.execute(batch.setBatchType(DefaultBatchType.UNLOGGED));
        }
    }

    /** When batches go unlogged: a pure rule over a clock, so that it can be tested without a failing ring. */
    static final class BatchlogFallback {

        private final Duration window;
        private final LongSupplier nanoTime;
        /** The {@code nanoTime} until which batches go unlogged; meaningless while {@link #opened} is false. */
        private final AtomicLong until = new AtomicLong();
        private volatile boolean opened;

        BatchlogFallback(Duration window, LongSupplier nanoTime) {
            this.window = window;
            this.nanoTime = nanoTime;
        }

        static boolean isBatchlogTimeout(WriteTimeoutException e) {
            return e.getWriteType() == DefaultWriteType.BATCH_LOG;
        }

        Duration window() {
            return window;
        }

        /** Starts (or extends) the window; false when the fallback is switched off (a zero window). */
        boolean open() {
            if (window.isZero() || window.isNegative()) {
                return false;
            }
            until.set(nanoTime.getAsLong() + window.toNanos());
            opened = true;
            return true;
        }

        boolean isOpen() {
            return opened && nanoTime.getAsLong() - until.get() < 0;
        }
    }
}
