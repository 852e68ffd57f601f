package dev.chirp.user.counts;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.EventEnvelope;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code tweet_count} from {@code chirp.tweets}: +1 per created tweet, -1 per deleted one. Each (tweet,
 * effect) pair is claimed with a lightweight transaction first, so a replayed or duplicated event changes nothing.
 */
@Component
class TweetCountListener {

    private static final Logger log = LoggerFactory.getLogger(TweetCountListener.class);

    private final EventCodec codec;
    private final UserCounts counts;
    private final CqlSession session;
    private final PreparedStatement claimEffect;

    TweetCountListener(EventCodec codec, UserCounts counts, CqlSession session) {
        this.codec = codec;
        this.counts = counts;
        this.session = session;
        this.claimEffect = session.prepare(
                "INSERT INTO tweet_count_effects (tweet_id, effect) VALUES (?, ?) IF NOT EXISTS");
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}tweets",
            groupId = "${chirp.user.tweet-counts-group:user-service-tweet-counts}")
    void onTweetEvent(String json) {
        EventEnvelope<ChirpEvent> envelope;
        try {
            envelope = codec.decode(json).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Skipping an unreadable event on the tweets topic: {}", e.toString());
            return;
        }
        if (envelope == null) {
            return;
        }
        if (envelope.payload() instanceof TweetCreated created) {
            apply(created.tweet().id(), "created", created.tweet().authorId(), 1);
        } else if (envelope.payload() instanceof TweetDeleted deleted) {
            apply(deleted.tweetId(), "deleted", deleted.authorId(), -1);
        }
    }

    private void apply(long tweetId, String effect, long authorId, long delta) {
        if (session.execute(claimEffect.bind(tweetId, effect)).wasApplied()) {
            counts.addTweets(authorId, delta);
        }
    }
}
