package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.Topic;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.UserFollowed;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Fan-out on write at scale, and at-least-once replays that change nothing. */
class FanOutIT extends TimelineITBase {

    @Autowired
    MeterRegistry meters;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aTweetReachesTheTimelinesOfAllThousandActiveFollowersButCreatesNoneForInactiveOnes() throws Exception {
        long author = newUserId();
        List<Long> active = LongStream.range(0, 1000).map(i -> newUserId()).boxed().toList();
        long inactive = newUserId();
        List<ChirpEvent> follows = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            follows.add(new UserFollowed(active.get(i), author, Instant.now(), i + 1));
        }
        follows.add(new UserFollowed(inactive, author, Instant.now(), active.size() + 1));
        publishAll(follows);
        await().atMost(Duration.ofSeconds(90)).until(() -> followerCount(author) == active.size() + 1);
        readAll(active);
        double deliveredBefore = deliveries();

        TweetSnapshot tweet = tweet(author);

        await().atMost(Duration.ofSeconds(30)).until(() -> timelinesHolding(active, tweet.id()) == active.size());
        assertThat(redis.hasKey(homeKey(inactive))).as("no partial timeline for an inactive follower").isFalse();
        assertThat(deliveries() - deliveredBefore).as("every active follower (the author has no timeline yet)")
                .isEqualTo(active.size());
        assertThat(home(active.get(500))).containsExactly(tweet.id());
        assertThat(meters.find("chirp.fanout.lag").timer()).isNotNull();
    }

    @Test
    void replayingTheTweetsTopicFromTheStartChangesNoTimeline() throws Exception {
        long author = newUserId();
        long follower = newUserId();
        follow(follower, author, 1);
        awaitFollowing(follower, author, true);
        home(follower);
        List<TweetSnapshot> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(tweet(author));
        }
        delete(posted.get(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> home(follower).size() == 4);
        awaitCaughtUp("timeline-fanout", Topic.TWEETS);
        Map<String, Set<ZSetOperations.TypedTuple<String>>> before = timelines();
        double deliveredBefore = deliveries();

        replayFromStart("timeline-fanout", Topic.TWEETS);

        assertThat(timelines()).isEqualTo(before);
        assertThat(deliveries()).as("no tweet newly delivered").isEqualTo(deliveredBefore);
        assertThat(home(follower)).hasSize(4).doesNotContain(posted.get(2).id());
    }

    /** Rewinds the consumer group to offset 0 (its container stopped, as an operator would), then lets it run. */
    private void replayFromStart(String group, Topic topic) throws Exception {
        MessageListenerContainer container = listeners.getListenerContainer(group);
        container.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.isRunning());
        try (Admin admin = admin()) {
            String name = topics.name(topic);
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name).partitions()
                    .forEach(p -> start.put(new TopicPartition(name, p.partition()), new OffsetAndMetadata(0)));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(TOPIC_PREFIX + group, start).all().get(30, TimeUnit.SECONDS);
                return true;
            });
        }
        container.start();
        awaitCaughtUp(group, topic);
    }

    private Map<String, Set<ZSetOperations.TypedTuple<String>>> timelines() {
        Map<String, Set<ZSetOperations.TypedTuple<String>>> all = new HashMap<>();
        myKeys().stream().filter(key -> key.startsWith(REDIS_PREFIX + "home:"))
                .forEach(key -> all.put(key, redis.opsForZSet().rangeWithScores(key, 0, -1)));
        return all;
    }

    private double deliveries() {
        return meters.get("chirp.fanout.deliveries").counter().count();
    }

    /** Makes the users active the only way there is: they read their home timeline (rebuilt on this miss). */
    private void readAll(List<Long> users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Long>>> reads = users.stream().map(user -> pool.submit(() -> home(user))).toList();
            for (Future<List<Long>> read : reads) {
                read.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long timelinesHolding(List<Long> users, long tweetId) {
        String member = Long.toString(tweetId);
        List<Object> scores = redis.executePipelined((RedisCallback<Object>)
                connection -> {
                    users.forEach(user -> connection.zSetCommands().zScore(homeKey(user).getBytes(),
                            member.getBytes()));
                    return null;
                });
        return scores.stream().filter(score -> score != null).count();
    }
}
