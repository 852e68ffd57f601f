package dev.chirp.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.event.TweetSnapshot;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TweetCountIT extends UserITBase {

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Test
    void tweetCountFollowsTheTweetsTopicAndIgnoresDuplicatesAndPoison() throws Exception {
        TestUser ann = signup("tc_");
        String key = Long.toString(ann.id());
        String topic = TOPICS + "tweets";
        TweetSnapshot first = tweet(ann, 1);
        TweetSnapshot second = tweet(ann, 2);
        String created = codec.encode(codec.envelope(new TweetCreated(first), Instant.now()));

        kafka.send(topic, key, "{not json").get();
        kafka.send(topic, key, created).get();
        kafka.send(topic, key, created).get();                                       // redelivery
        kafka.send(topic, key, codec.encode(codec.envelope(new TweetCreated(first), Instant.now()))).get(); // re-publish
        kafka.send(topic, key, codec.encode(codec.envelope(new TweetCreated(second), Instant.now()))).get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/api/v1/users/" + ann.id(), null).json().get("tweet_count").asLong()).isEqualTo(2));

        String deleted = codec.encode(codec.envelope(new TweetDeleted(first.id(), ann.id(), Instant.now()),
                Instant.now()));
        kafka.send(topic, key, deleted).get();
        kafka.send(topic, key, deleted).get();
        TweetSnapshot marker = tweet(ann, 3);
        kafka.send(topic, key, codec.encode(codec.envelope(new TweetCreated(marker), Instant.now()))).get();
        // the marker is counted after both deletes (same partition), so 2 means the delete counted once
        // (2 - 2 + 1 = 1 would never reach 2 once the marker's effect is recorded)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(session.execute("SELECT count(*) FROM tweet_count_effects WHERE tweet_id = ?", marker.id())
                    .one().getLong(0)).isEqualTo(1);
            assertThat(get("/api/v1/users/" + ann.id(), null).json().get("tweet_count").asLong()).isEqualTo(2);
        });
    }

    private static TweetSnapshot tweet(TestUser author, long n) {
        return new TweetSnapshot(author.id() + n, author.id(), author.handle(), "tweet " + n, Instant.now(),
                List.of(), null, null, List.of(), List.of(), null);
    }
}
