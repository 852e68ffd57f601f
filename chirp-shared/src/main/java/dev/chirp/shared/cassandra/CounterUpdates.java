package dev.chirp.shared.cassandra;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.chirp.shared.error.DependencyFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counter update a change makes once its conditional claim has won (a like's {@code like_count}, a follow's
 * {@code followers} and {@code following}, a reply's {@code reply_count}, an author's tweet count).
 * <p>
 * Such an update cannot be made safe to repeat: when it times out it may or may not have been applied, and the
 * {@code counted} flag of the claim already says it was done, so a retry of the request does not count again. Failing
 * the request therefore fixes nothing; it only leaves the change unfinished (no list row, no event) until the client
 * tries again. So the update gets a short bound of its own, and when Cassandra cannot answer it the change goes on,
 * and the counter is put on {@link CounterRecounts}'s list to be recounted from its rows. Why the bound: Cassandra
 * sends a counter update through a leader replica picked at random among those the coordinator believes alive, so
 * for the 18 s until a crashed node is convicted a third of them waited for it, 5 s each: the whole of a client's
 * patience.
 * <p>
 * A counter's timeout also opens {@link LoggedBatches}'s unlogged window: it says, as a batchlog's timeout does, that
 * a replica may be dead and not yet convicted, and the change's next write is usually a logged batch, which would
 * wait 2 s more for the same node. Whether the server said so or the driver gave up first, only here is it known
 * that the write was a counter's.
 */
public class CounterUpdates {

    private static final Logger log = LoggerFactory.getLogger(CounterUpdates.class);

    /**
     * Below the services' 5 s request bound, so that the change can still finish within a client's patience; above
     * Cassandra's own 2 s write timeout, so that its typed answer usually comes first.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /**
     * The bound while a node is suspected dead (the unlogged window is open: this driver lost its connections to a
     * node, or a write timed out). A counter update then waits a third of the time for the leader replica that may
     * be the dead node: well above a counter update's usual few milliseconds, so a slow leader that is alive still
     * answers, and a follow that met the dead one still answers within a client's patience.
     */
    static final Duration TIMEOUT_WHILE_SUSPECT = Duration.ofSeconds(1);

    private final Consumer<List<CounterRecounts.Key>> recounts;
    private final LoggedBatches.BatchlogFallback fallback;

    /** {@code recounts}: {@link CounterRecounts#request}. */
    CounterUpdates(Consumer<List<CounterRecounts.Key>> recounts, LoggedBatches.BatchlogFallback fallback) {
        this.recounts = recounts;
        this.fallback = fallback;
    }

    /**
     * {@code update} with the counter bound: {@link #TIMEOUT}, or less while a node is suspected dead. Not a batch:
     * the driver (4.19.3) ignores a batch's own timeout ({@code DefaultBatchStatement.getTimeout()} answers null
     * whatever was set), so a counter batch waited the session's 5 s, which made every follow that met a dead
     * counter leader go past a client's patience; {@link #executeTogether} updates several counters at once instead.
     */
    public <S extends Statement<S>> S bounded(S update) {
        if (update instanceof BatchStatement) {
            throw new IllegalArgumentException("a batch's own timeout is ignored by the driver: update each counter "
                    + "with a statement of its own (executeTogether)");
        }
        return update.setTimeout(fallback.isOpen() ? TIMEOUT_WHILE_SUSPECT : TIMEOUT);
    }

    /**
     * Runs {@code updates} (counter updates, each {@link #bounded} here) at the same time and waits for all of them:
     * together they take as long as the slowest, as a counter batch would (which is not atomic either). The first
     * failure is thrown once all have finished, for {@link #apply} to judge.
     */
    public void executeTogether(CqlSession session, Statement<?>... updates) {
        CompletableFuture<?>[] running = new CompletableFuture<?>[updates.length];
        for (int i = 0; i < updates.length; i++) {
            running[i] = session.executeAsync(bounded((Statement) updates[i])).toCompletableFuture();
        }
        try {
            CompletableFuture.allOf(running).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Runs {@code update} (a counter update of the {@code recount} targets, already {@link #bounded}). When a store
     * cannot answer it, logs it, asks for a recount of each target and returns false instead of failing; any other
     * failure (a bug) goes through. With no targets the count cannot be recounted here, and the log says so.
     */
    public boolean apply(Runnable update, CounterRecounts.Key... recount) {
        try {
            update.run();
            return true;
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            List<CounterRecounts.Key> keys = List.of(recount);
            if (keys.isEmpty()) {
                log.warn("The change is kept; the count it moves may now be one off, and cannot be recounted here: {}",
                        e.toString());
            } else {
                log.warn("The change is kept; {} may be one off until recounted: {}", keys, e.toString());
            }
            if (isTimeout(e)) {
                boolean wasOpen = fallback.isOpen();
                if (fallback.open() && !wasOpen) {
                    log.warn("A counter update timed out: multi-partition batches go unlogged for {}",
                            fallback.window());
                }
            }
            recounts.accept(keys);
            return false;
        }
    }

    static boolean isTimeout(Throwable e) {
        return e instanceof WriteTimeoutException || e instanceof DriverTimeoutException;
    }
}
