package dev.chirp.shared.cassandra;

import java.time.Duration;

import com.datastax.oss.driver.api.core.cql.Statement;
import dev.chirp.shared.error.DependencyFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counter update a change makes once its conditional claim has won (a like's {@code like_count}, a follow's
 * {@code followers} and {@code following}, a reply's {@code reply_count}).
 * <p>
 * Such an update cannot be made safe to repeat: when it times out it may or may not have been applied, and the
 * {@code counted} flag of the claim already says it was done, so a retry of the request does not count again. Failing
 * the request therefore fixes nothing; it only leaves the change unfinished (no list row, no event) until the client
 * tries again. So the update gets a short bound of its own, and when Cassandra cannot answer it the change goes on and
 * the count may stay one off (docs/07-bottlenecks-and-reliability.md, "Known gaps"). Why the bound: Cassandra sends a
 * counter update through a leader replica picked at random among those the coordinator believes alive, so for the
 * 18 s until a crashed node is convicted a third of them waited for it, 5 s each: the whole of a client's patience.
 */
public final class CounterUpdates {

    private static final Logger log = LoggerFactory.getLogger(CounterUpdates.class);

    /**
     * Below the services' 5 s request bound, so that the change can still finish within a client's patience; above
     * Cassandra's own 2 s write timeout, so that its answer, which says the write was a counter's (what opens
     * {@link LoggedBatches}'s window), comes before the driver gives up on its own.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private CounterUpdates() {
    }

    /** {@code update} with the counter bound. */
    public static <S extends Statement<S>> S bounded(S update) {
        return update.setTimeout(TIMEOUT);
    }

    /**
     * Runs {@code update}; when a store cannot answer it, logs that {@code counted} may now be one off and returns
     * false instead of failing. Any other failure (a bug) goes through.
     */
    public static boolean tryApply(Runnable update, String counted) {
        try {
            update.run();
            return true;
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            log.warn("The change is kept, but {} may be one off: {}", counted, e.toString());
            return false;
        }
    }
}
