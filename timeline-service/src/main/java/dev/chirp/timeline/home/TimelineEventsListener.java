package dev.chirp.timeline.home;

import java.time.Instant;

import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetDeleted;
import dev.chirp.shared.event.UserFollowed;
import dev.chirp.shared.event.UserUnfollowed;
import dev.chirp.timeline.IncomingEvents;
import dev.chirp.timeline.graph.FollowProjection;
import dev.chirp.timeline.graph.FollowProjection.CelebrityChange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The consumers that keep home timelines: chirp.tweets (fan-out, consumer group {@code timeline-fanout}) and
 * chirp.follows (graph projection and its timeline effects, group {@code timeline-graph}). Both are idempotent:
 * ZADD/ZREM of the same ID and timestamped Cassandra writes change nothing on replay, and a replayed follow or
 * unfollow only touches timelines when it still describes the graph as it is.
 */
@Component
class TimelineEventsListener {

    private final IncomingEvents events;
    private final TweetFanOut fanOut;
    private final FollowProjection graph;
    private final FollowEffects effects;

    TimelineEventsListener(IncomingEvents events, TweetFanOut fanOut, FollowProjection graph, FollowEffects effects) {
        this.events = events;
        this.fanOut = fanOut;
        this.graph = graph;
        this.effects = effects;
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}tweets",
            id = "timeline-fanout", idIsGroup = false,
            groupId = "${chirp.timeline.group-prefix:}timeline-fanout")
    void onTweetEvent(ConsumerRecord<String, String> record) {
        events.read(record.topic(), record.value()).ifPresent(envelope -> {
            if (envelope.payload() instanceof TweetCreated created) {
                fanOut.created(created.tweet(), envelope.occurredAt());
            } else if (envelope.payload() instanceof TweetDeleted deleted) {
                fanOut.deleted(deleted);
            }
        });
    }

    @KafkaListener(topics = "${chirp.kafka.topics.prefix:chirp.}follows",
            id = "timeline-graph", idIsGroup = false,
            groupId = "${chirp.timeline.group-prefix:}timeline-graph")
    void onFollowEvent(ConsumerRecord<String, String> record) {
        events.read(record.topic(), record.value()).ifPresent(envelope -> {
            if (envelope.payload() instanceof UserFollowed followed) {
                CelebrityChange change = graph.follow(followed.followerId(), followed.followeeId(),
                        followed.followedAt(), followed.followeeFollowers());
                applyCelebrityChange(followed.followeeId(), change, followed.followedAt());
                effects.followed(followed.followerId(), followed.followeeId());
            } else if (envelope.payload() instanceof UserUnfollowed unfollowed) {
                CelebrityChange change = graph.unfollow(unfollowed.followerId(), unfollowed.followeeId(),
                        unfollowed.unfollowedAt(), unfollowed.followeeFollowers());
                applyCelebrityChange(unfollowed.followeeId(), change, unfollowed.unfollowedAt());
                effects.unfollowed(unfollowed.followerId(), unfollowed.followeeId());
            }
        });
    }

    private void applyCelebrityChange(long userId, CelebrityChange change, Instant at) {
        if (change == CelebrityChange.NONE) {
            return;
        }
        graph.applyCelebrityChange(userId, change, at);
        if (change == CelebrityChange.STOPPED_BEING_CELEBRITY) {
            effects.stoppedBeingCelebrity(userId);
        }
    }
}
