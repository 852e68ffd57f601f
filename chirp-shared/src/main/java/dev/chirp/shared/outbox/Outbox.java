package dev.chirp.shared.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicIntegerArray;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.Topics;

/**
 * The write side of the transactional outbox (design rule 3 (docs/design-rules.md)). A service adds {@link #insert} to the same
 * logged batch as the change it describes (written by {@link dev.chirp.shared.cassandra.LoggedBatches}), so the
 * event exists if and only if the change does; after the batch succeeds it calls {@link #nudge} with those
 * statements, so the relay publishes at once, reading only their shards, instead of at its next poll.
 */
public class Outbox {

    static final String TABLE_DDL = """
            CREATE TABLE IF NOT EXISTS outbox (
                shard int,
                event_id timeuuid,
                topic text,
                event_key text,
                payload text,
                PRIMARY KEY (shard, event_id)
            ) WITH gc_grace_seconds = 3600
              AND compaction = {'class': 'SizeTieredCompactionStrategy'}""";

    private final CqlSession session;
    private final EventCodec codec;
    private final Topics topics;
    private final int shards;
    private final PreparedStatement insert;
    /** 1 for a shard that a write has nudged about since the relay last read it. */
    private final AtomicIntegerArray nudgedShards;
    private volatile Runnable nudger = () -> { };

    public Outbox(CqlSession session, EventCodec codec, Topics topics, OutboxProperties properties) {
        this.session = session;
        this.codec = codec;
        this.topics = topics;
        this.shards = properties.shards();
        this.nudgedShards = new AtomicIntegerArray(shards);
        this.insert = session.prepare(
                "INSERT INTO outbox (shard, event_id, topic, event_key, payload) VALUES (?, ?, ?, ?, ?)");
    }

    /** The statement that records {@code event}; put it in the logged batch with the change itself. */
    public BoundStatement insert(ChirpEvent event, Instant occurredAt) {
        return insert(event, occurredAt, Uuids.timeBased());
    }

    /**
     * {@link #insert} under an event ID fixed by the change itself ({@link #eventIdOf}): a retry that re-runs an
     * interrupted change writes the same outbox row again, so it records the same event (one row; or, when the
     * relay had already published and deleted it, the same event once more, which consumers drop as a duplicate
     * by its ID), never a second one.
     */
    public BoundStatement insert(ChirpEvent event, Instant occurredAt, UUID timeId) {
        EventEnvelope<ChirpEvent> envelope = new EventEnvelope<>(timeId.toString(), EventCodec.typeOf(event),
                EventCodec.VERSION, occurredAt, event);
        return insert.bind(shardOf(event.key()), timeId, topics.name(event.topic()), event.key(),
                codec.encode(envelope));
    }

    /**
     * A time-based (version 1) event ID that is the same for the same change: its time, and a number that tells
     * the change apart from others at that millisecond (e.g. its time-ordered ID, or a hash of its key).
     */
    public static UUID eventIdOf(Instant time, long change) {
        long mixed = change * 0x9E3779B97F4A7C15L;
        mixed ^= mixed >>> 31;
        // the variant bits 10, then 62 bits that stand where a time-based UUID has its clock sequence and node
        return new UUID(Uuids.startOf(time.toEpochMilli()).getMostSignificantBits(),
                Long.MIN_VALUE | (mixed & 0x3FFFFFFFFFFFFFFFL));
    }

    /**
     * Asks the relay to look now at the shards of these {@link #insert} statements, once their batch has succeeded
     * (not before: a relay pass between the statement and the commit would miss the row and forget the shard).
     * Cheap and safe to call after every write.
     */
    public void nudge(BoundStatement... inserts) {
        for (BoundStatement insert : inserts) {
            nudgedShards.set(insert.getInt("shard"), 1);
        }
        nudger.run();
    }

    /** The shards nudged about since the last call, cleared as they are taken. */
    List<Integer> takeNudgedShards() {
        List<Integer> taken = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            if (nudgedShards.getAndSet(shard, 0) == 1) {
                taken.add(shard);
            }
        }
        return taken;
    }

    void onNudge(Runnable nudger) {
        this.nudger = nudger;
    }

    int shardOf(String key) {
        return Math.floorMod(key.hashCode(), shards);
    }

    int shards() {
        return shards;
    }

    CqlSession session() {
        return session;
    }
}
