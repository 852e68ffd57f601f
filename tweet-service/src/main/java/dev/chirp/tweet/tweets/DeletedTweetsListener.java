package dev.chirp.tweet.tweets;

import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.TweetDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Makes sure a deleted tweet's cached body becomes a tombstone. The delete writes the tombstone itself right after
 * its batch, but when Redis does not answer at that moment (a primary failing over; a command timing out on a
 * starved machine, as in a fault run of 2026-12-07) the body stayed readable, its tweet answering 200, until the
 * cache's TTL (1 h). The delete's {@code TweetDeleted} event always comes (the outbox), so the tombstone is written
 * again here, and a failure is retried with the consumers' back-off until Redis takes it (chirp-shared's
 * {@code ConsumerRetryConfiguration}). Writing it twice changes nothing.
 */
@Component
class DeletedTweetsListener {

    private static final Logger log = LoggerFactory.getLogger(DeletedTweetsListener.class);
    /**
     * Every record of chirp.tweets comes here, nearly all of them posts: only one that names the type is decoded (a
     * post whose text names it is decoded too, and passed over).
     */
    private static final String DELETED_TYPE = '"' + TweetDeleted.TYPE + '"';

    private final EventCodec codec;
    private final TweetCache cache;

    DeletedTweetsListener(EventCodec codec, TweetCache cache) {
        this.codec = codec;
        this.cache = cache;
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}tweets", groupId = "tweet-service-deletes")
    void onTweetEvent(String json) {
        if (!json.contains(DELETED_TYPE)) {
            return;
        }
        try {
            codec.decode(json).ifPresent(envelope -> {
                if (envelope.payload() instanceof TweetDeleted deleted) {
                    cache.tombstone(deleted.tweetId());
                }
            });
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException poison) {
            log.warn("Skipping an unreadable chirp.tweets record: {}", poison.toString());
        }
    }
}
