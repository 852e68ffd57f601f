package dev.chirp.tweet.posting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.Topic;
import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.outbox.Outbox;
import dev.chirp.tweet.TweetITBase;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * chirp-shared's outbox relay as tweet-service runs it, against the real Cassandra and Kafka. A nudged pass reads
 * only the shards of the writes that nudged it; a row nobody nudged about (left by an instance that crashed between
 * its write and its nudge) is still published while other shards keep the relay busy.
 */
class OutboxRelayIT extends TweetITBase {

    private static final int SHARDS = 16;

    @Autowired
    Outbox outbox;
    @Autowired
    CqlSession session;
    @Autowired
    MeterRegistry meters;

    @Test
    void aPostCostsTheRelayAboutOneShardReadNotSixteen() {
        long author = newUser(uniqueHandle());
        tweet(author, "warm up");
        double before = shardReads();

        for (int i = 0; i < 20; i++) {
            tweet(author, "post " + i);
        }

        // One read per nudged pass, plus at most a few passes over every shard (one per max-idle-poll-interval,
        // 5 s). Reading every shard on every nudge, as the relay did before, costs 16 per post: 320.
        assertThat(shardReads() - before).isLessThan(100);
    }

    @Test
    void aRowNobodyNudgedAboutIsPublishedWhileOtherShardsKeepTheRelayBusy() throws Exception {
        long busyAuthor = anyUserId();
        long orphanAuthor = anyUserId();
        while (shardOf(orphanAuthor) == shardOf(busyAuthor)) {
            orphanAuthor = anyUserId();
        }
        long orphanTweet = anyUserId();
        Instant now = Instant.now();
        // written, never nudged: as if its instance had died right after the batch
        session.execute(outbox.insert(new TweetDeleted(orphanTweet, orphanAuthor, now), now));

        // Nudges about another shard every 20 ms, far more often than the relay's timer (500 ms and up) could fire:
        // only the relay's pass over every shard at least every max-idle-poll-interval (5 s) finds the orphan.
        BoundStatement otherShard = outbox.insert(new TweetDeleted(anyUserId(), busyAuthor, now), now);
        AtomicBoolean busy = new AtomicBoolean(true);
        Thread nudger = new Thread(() -> {
            while (busy.get()) {
                outbox.nudge(otherShard);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        nudger.start();
        try {
            assertThat(publishedWithin(Duration.ofSeconds(30), orphanTweet))
                    .as("the orphan row's event reached Kafka while the relay was busy").isTrue();
        } finally {
            busy.set(false);
            nudger.join(10_000);
        }
    }

    /** Reads chirp.tweets from the start until the deletion of {@code tweetId} passes, or {@code within} ends. */
    private static boolean publishedWithin(Duration within, long tweetId) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(TOPICS + Topic.TWEETS.suffix()));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    boolean found = CODEC.decode(record.value()).map(EventEnvelope::payload)
                            .filter(event -> isDeletionOf(event, tweetId)).isPresent();
                    if (found) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isDeletionOf(ChirpEvent event, long tweetId) {
        return event instanceof TweetDeleted deleted && deleted.tweetId() == tweetId;
    }

    /** The outbox's shard of an author's tweet events (their Kafka key is the author ID). */
    private static int shardOf(long authorId) {
        return Math.floorMod(Long.toString(authorId).hashCode(), SHARDS);
    }

    private double shardReads() {
        return meters.counter("chirp.outbox.shard.reads").count();
    }
}
