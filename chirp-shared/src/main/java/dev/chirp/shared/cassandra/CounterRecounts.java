package dev.chirp.shared.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Mends counters that an update may have left off by one: {@link CounterUpdates} records each counter whose update
 * failed, and a background pass recounts it from the rows it counts (the like edges of a tweet, the follow edges of a
 * user, the replies to a tweet) and moves it by the difference.
 * <p>
 * Why a recount and not a retry: a counter update that timed out may or may not have been applied, and applying it
 * twice is as wrong as not at all. The rows it counts are the truth, and they were written before the counter moved.
 * <p>
 * The rule of one recount ({@link #recount}): read the counter, count the rows, read the counter again. If the
 * counter moved meanwhile the target is busy and waits for the next pass; otherwise it is moved by the difference.
 * A recount that raced a change between its row write and its counter update (milliseconds) can itself be off by
 * that change, so a target leaves the list only when a pass finds nothing to mend: the next pass corrects the
 * correction. So a count is right again within two passes ({@code chirp.cassandra.recount-interval}, 30 s) of
 * Cassandra answering, unless its target never stays still that long.
 * <p>
 * The list is a table in the service's keyspace. Several instances may run passes: a target is claimed with a
 * lightweight transaction for half an interval before it is recounted, so two never move it at once.
 */
public class CounterRecounts implements SmartLifecycle {

    static final String TABLE_DDL = """
            CREATE TABLE IF NOT EXISTS counter_recounts (
                counter text,
                target_id bigint,
                claimed_until timestamp,
                PRIMARY KEY (counter, target_id)
            )""";

    private static final Logger log = LoggerFactory.getLogger(CounterRecounts.class);
    private static final int PER_PASS = 100;

    /** A counter whose update failed: its kind ({@link Recount#counter()}) and the ID it counts for. */
    public record Key(String counter, long id) {
    }

    /**
     * One kind of counter. Implementations live beside the counter they mend; every statement they run is
     * idempotent except {@link #add}, which only a claimed recount calls.
     */
    public interface Recount {

        /** The name its {@link Key}s carry. */
        String counter();

        /** The counter as Cassandra has it now (zero when it has no row), unclamped. */
        long stored(long id);

        /** How many rows the counter counts, counted now. */
        long counted(long id);

        /** Moves the counter by {@code delta}; drops any cached copy of it. */
        void add(long id, long delta);
    }

    /**
     * A counter {@code table.column} keyed by {@code keyColumn} (the counter's name is the column's), recounted as the
     * number of rows {@code rowsQuery} (one bound ID: the counter's key) returns, or, given a {@code flag}, of those
     * whose boolean column of that name is true. {@code moved} is told after every move of the counter (to drop a
     * cached copy).
     */
    public static Recount ofRows(CqlSession session, String table, String column, String keyColumn, String rowsQuery,
                                 @Nullable String flag, LongConsumer moved) {
        return new RowRecount(session, table, column, keyColumn, rowsQuery, flag, moved);
    }

    /** What one recount found. */
    enum Outcome {
        /** The counter was right: the target leaves the list. */
        MATCHED,
        /** The counter was moved by the difference: the next pass checks it again. */
        CORRECTED,
        /** The counter moved while its rows were counted: the next pass tries again. */
        BUSY
    }

    private final CqlSession session;
    private final Map<String, Recount> recounts = new LinkedHashMap<>();
    private final Duration interval;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement claimNew;
    private final PreparedStatement claimExpired;
    private final PreparedStatement delete;
    private volatile boolean running;
    private @Nullable Thread worker;

    /** Made only in a service that has {@code recounts} (the table lives in its keyspace). */
    public CounterRecounts(CqlSession session, List<Recount> recounts, Duration interval) {
        recounts.forEach(recount -> this.recounts.put(recount.counter(), recount));
        this.session = session;
        this.interval = interval;
        KeyspaceSessionConfiguration.execute(session, TABLE_DDL, null);
        this.insert = session.prepare("INSERT INTO counter_recounts (counter, target_id) VALUES (?, ?)");
        this.select = session.prepare(
                "SELECT target_id, claimed_until FROM counter_recounts WHERE counter = ? LIMIT " + PER_PASS);
        this.claimNew = session.prepare("UPDATE counter_recounts SET claimed_until = ? "
                + "WHERE counter = ? AND target_id = ? IF claimed_until = null");
        this.claimExpired = session.prepare("UPDATE counter_recounts SET claimed_until = ? "
                + "WHERE counter = ? AND target_id = ? IF claimed_until = ?");
        this.delete = session.prepare(
                "DELETE FROM counter_recounts WHERE counter = ? AND target_id = ? IF claimed_until = ?");
    }

    /**
     * Puts {@code keys} on the list. A failure of this write is logged, not thrown: the change it follows is kept
     * either way, and the count then stays off until the next failure of the same target (or an operator) recounts it.
     */
    void request(List<Key> keys) {
        for (Key key : keys) {
            if (!recounts.containsKey(key.counter())) {
                log.error("No recount is known for {} {}: it may stay off", key.counter(), key.id());
                continue;
            }
            try {
                session.execute(insert.bind(key.counter(), key.id()));
            } catch (RuntimeException e) {
                log.error("Could not ask for a recount of {} {}: it may stay off ({})", key.counter(), key.id(),
                        e.toString());
            }
        }
    }

    /** The recount rule, over a {@link Recount} alone (so it is tested without Cassandra). */
    static Outcome recount(Recount recount, long id) {
        long before = recount.stored(id);
        long counted = recount.counted(id);
        long after = recount.stored(id);
        if (before != after) {
            return Outcome.BUSY;
        }
        if (counted == after) {
            return Outcome.MATCHED;
        }
        recount.add(id, counted - after);
        log.info("Recounted {} {}: {} rows, the counter said {}; moved by {}", recount.counter(), id, counted, after,
                counted - after);
        return Outcome.CORRECTED;
    }

    /** One pass over the list: every target not claimed by another instance is claimed and recounted. */
    void pass() {
        for (Recount recount : recounts.values()) {
            for (Row row : session.execute(select.bind(recount.counter()))) {
                long id = row.getLong("target_id");
                Instant claimedUntil = row.getInstant("claimed_until");
                Instant now = Instant.now();
                if (claimedUntil != null && claimedUntil.isAfter(now)) {
                    continue;
                }
                Instant mine = now.plus(interval.dividedBy(2));
                try {
                    boolean claimed = session.execute(claimedUntil == null
                            ? claimNew.bind(mine, recount.counter(), id)
                            : claimExpired.bind(mine, recount.counter(), id, claimedUntil)).wasApplied();
                    if (claimed && recount(recount, id) == Outcome.MATCHED) {
                        session.execute(delete.bind(recount.counter(), id, mine));
                    }
                } catch (RuntimeException e) {
                    // one target's rows or counter not answering now: the others still get their turn, and this
                    // one stays listed (its claim runs out) for the next pass
                    log.warn("Recounting {} {} failed; it stays on the list: {}", recount.counter(), id,
                            e.toString());
                }
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(interval.toMillis());
                pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Cassandra away or slow: the list stays, the next pass tries again
                log.warn("A counter recount pass failed: {}", e.toString());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        worker = new Thread(this::loop, "counter-recounts");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
