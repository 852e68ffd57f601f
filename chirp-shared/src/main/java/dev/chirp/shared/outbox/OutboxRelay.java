package dev.chirp.shared.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes outbox rows to Kafka, in order per shard, and deletes them once Kafka has acknowledged them.
 * Kafka being down only delays events: the relay backs off and retries until they are taken. A crash between
 * "published" and "deleted" publishes some events twice, which is why every consumer deduplicates (rule 4).
 *
 * <p>Several instances may relay the same shards; that too only produces duplicates. Published rows are deleted one
 * by one, and their tombstones later folded under one range delete (see {@link #forget}).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Older than this, no write of an outbox row is still in flight (writes time out within seconds). */
    static final Duration SETTLED = Duration.ofSeconds(30);
    private static final Duration COMPACT_EVERY = Duration.ofSeconds(10);

    private final Outbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Counter shardReads;
    private final PreparedStatement select;
    private final PreparedStatement deleteOne;
    private final PreparedStatement deleteBefore;
    private final long[] lastCompacted;
    private volatile boolean running;
    private @Nullable Thread worker;

    public OutboxRelay(Outbox outbox, KafkaTemplate<String, String> kafka, OutboxProperties properties,
                       MeterRegistry meters) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.properties = properties;
        CqlSession session = outbox.session();
        this.select = session.prepare(
                "SELECT event_id, topic, event_key, payload FROM outbox WHERE shard = ? LIMIT ?");
        this.deleteOne = session.prepare("DELETE FROM outbox WHERE shard = ? AND event_id = ?");
        this.deleteBefore = session.prepare("DELETE FROM outbox WHERE shard = ? AND event_id < ?");
        this.lastCompacted = new long[outbox.shards()];
        this.published = Counter.builder("chirp.outbox.published").description("Events relayed to Kafka")
                .register(meters);
        this.failures = Counter.builder("chirp.outbox.failures").description("Relay passes that failed")
                .register(meters);
        this.shardReads = Counter.builder("chirp.outbox.shard.reads")
                .description("Outbox shards read by the relay, one query each").register(meters);
        Gauge.builder("chirp.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows seen waiting in the last pass").register(meters);
        outbox.onNudge(() -> wakeUp.release());
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        wakeUp.release();
        if (worker != null) {
            try {
                worker.join(properties.sendTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server and the listeners, so that events of the last requests still go out. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /**
     * Passes run when a write nudges the relay, and otherwise on a timer that only matters for rows nobody nudged
     * about (left by an instance that crashed before relaying them): it starts at {@code poll-interval} and, while
     * passes find nothing, doubles up to {@code max-idle-poll-interval}, so an idle service does not query its 16
     * shards twice a second. Permits are drained before a pass, never after it: a nudge that arrives during a pass
     * starts the next one at once instead of waiting out the timer.
     *
     * <p>A nudged pass reads only the shards nudged about (one write, one shard: one read instead of 16); a pass on
     * the timer, the first after a failure, and at least one every {@code max-idle-poll-interval} however busy,
     * read every shard, so an unnudged row waits at most that long.
     */
    private void loop() {
        Duration backoff = properties.pollInterval();
        Duration idle = properties.pollInterval();
        boolean nudged = false;
        long lastEveryShard = System.nanoTime();
        List<Integer> again = List.of();
        while (running) {
            try {
                wakeUp.drainPermits();
                List<Integer> nudgedShards = outbox.takeNudgedShards();
                boolean everyShard = !nudged
                        || System.nanoTime() - lastEveryShard >= properties.maxIdlePollInterval().toNanos();
                List<Integer> shards;
                if (everyShard) {
                    shards = allShards();
                    lastEveryShard = System.nanoTime();
                } else {
                    shards = new ArrayList<>(nudgedShards);
                    again.stream().filter(shard -> !nudgedShards.contains(shard)).forEach(shards::add);
                }
                again = relay(shards);
                backoff = properties.pollInterval();
                idle = backlog.get() > 0 ? properties.pollInterval() : longer(idle, properties.maxIdlePollInterval());
                // shards that had more than a batch are read again at once
                nudged = !again.isEmpty() || wakeUp.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                log.warn("Outbox relay pass failed, retrying in {} ms: {}", backoff.toMillis(), e.toString());
                sleep(backoff);
                backoff = longer(backoff, properties.maxBackoff());
                nudged = false;
                again = List.of();
            }
        }
    }

    private List<Integer> allShards() {
        List<Integer> all = new ArrayList<>(outbox.shards());
        for (int shard = 0; shard < outbox.shards(); shard++) {
            all.add(shard);
        }
        return all;
    }

    private static Duration longer(Duration current, Duration cap) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(cap) > 0 ? cap : doubled;
    }

    /** One pass over {@code shards}; answers those that had more than a batch, so the next pass starts at once. */
    List<Integer> relay(List<Integer> shards) throws InterruptedException {
        long seen = 0;
        List<Integer> full = new ArrayList<>();
        for (int shard : shards) {
            List<Row> rows = outbox.session().execute(select.bind(shard, properties.batchSize())).all();
            shardReads.increment();
            compact(shard, rows);
            if (rows.isEmpty()) {
                continue;
            }
            seen += rows.size();
            if (rows.size() == properties.batchSize()) {
                full.add(shard);
            }
            publish(shard, rows);
        }
        backlog.set(seen);
        return full;
    }

    private void publish(int shard, List<Row> rows) throws InterruptedException {
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sends.add(kafka.send(row.getString("topic"), row.getString("event_key"), row.getString("payload")));
        }
        int acknowledged = 0;
        try {
            for (CompletableFuture<?> send : sends) {
                send.get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                acknowledged++;
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the outbox batch of shard " + shard, e);
        } finally {
            if (acknowledged > 0) {
                forget(shard, rows.subList(0, acknowledged));
                published.increment(acknowledged);
            }
        }
    }

    /**
     * Deletes exactly the published rows, one row tombstone each, in one single-partition batch. Not with a range
     * "up to the last published ID": an event ID is taken when its write is prepared, so a write still in flight
     * during the read commits a row below that ID, and a range delete would remove it unpublished (seen as 2 to 3
     * lost events in 2,040 in a burst). Row tombstones would pile up at the head of the partition that every pass
     * reads, so {@link #compact} later replaces them with one range tombstone below a horizon no write reaches.
     */
    private void forget(int shard, List<Row> done) {
        BatchStatementBuilder deletes = BatchStatement.builder(BatchType.UNLOGGED);
        for (Row row : done) {
            deletes.addStatement(deleteOne.bind(shard, row.getUuid("event_id")));
        }
        outbox.session().execute(deletes.build());
    }

    /**
     * Once every row of the shard older than {@link #SETTLED} is gone (the oldest live row, if any, is younger),
     * one range delete below that horizon covers all the row tombstones there. At most every
     * {@link #COMPACT_EVERY} per shard.
     */
    private void compact(int shard, List<Row> liveHead) {
        long now = System.currentTimeMillis();
        if (now - lastCompacted[shard] < COMPACT_EVERY.toMillis()) {
            return;
        }
        long horizon = now - SETTLED.toMillis();
        if (!liveHead.isEmpty() && Uuids.unixTimestamp(liveHead.get(0).getUuid("event_id")) < horizon) {
            return;
        }
        outbox.session().execute(deleteBefore.bind(shard, Uuids.startOf(horizon)));
        lastCompacted[shard] = now;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
