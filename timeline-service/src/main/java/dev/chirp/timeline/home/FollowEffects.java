package dev.chirp.timeline.home;

import java.util.List;

import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.authors.AuthorTweetProjection;
import dev.chirp.timeline.graph.FollowProjection;
import org.springframework.stereotype.Component;

/**
 * What a change in the follow graph does to existing home timelines (missing ones are rebuilt on read from the
 * graph as it then is): a follow merges the followee's recent tweets in, an unfollow takes them out.
 */
@Component
class FollowEffects {

    private final SortedIdSets sets;
    private final RedisKeys keys;
    private final AuthorTweetProjection index;
    private final FollowProjection graph;
    private final TimelineProperties properties;

    FollowEffects(SortedIdSets sets, RedisKeys keys, AuthorTweetProjection index, FollowProjection graph,
                  TimelineProperties properties) {
        this.sets = sets;
        this.keys = keys;
        this.index = index;
        this.graph = graph;
        this.properties = properties;
    }

    /**
     * Merges the followee's recent tweets into the follower's timeline, if it exists and the follow still holds
     * (a replayed follow of someone since unfollowed changes nothing). A celebrity's tweets are merged at read
     * time instead.
     */
    void followed(long followerId, long followeeId) {
        if (sets.exists(keys.home(followerId)) && graph.isFollowing(followerId, followeeId)
                && !graph.isCelebrity(followeeId)) {
            sets.mergeIfPresent(keys.home(followerId), recentTweets(followeeId), properties.maxEntries());
        }
    }

    /**
     * Removes the followee's tweets from the follower's timeline, if it exists and the unfollow still holds. The
     * IDs come from the author index: as many as a timeline can hold, from the looked-back months (older ones
     * have normally been trimmed away already).
     */
    void unfollowed(long followerId, long followeeId) {
        if (!sets.exists(keys.home(followerId)) || graph.isFollowing(followerId, followeeId)) {
            return;
        }
        List<Long> ids = index.latest(followeeId, properties.maxEntries()).toCompletableFuture().join();
        sets.remove(List.of(keys.home(followerId)), ids);
    }

    /** Tweets posted while the user was a celebrity were never fanned out: merge them into active followers. */
    void stoppedBeingCelebrity(long userId) {
        List<Long> recent = recentTweets(userId);
        graph.forEachFollowerPage(userId, properties.fanOutBatch(),
                followers -> followers.forEach(follower ->
                        sets.mergeIfPresent(keys.home(follower), recent, properties.maxEntries())));
    }

    private List<Long> recentTweets(long authorId) {
        return index.latest(authorId, properties.rebuildPerAuthor()).toCompletableFuture().join();
    }
}
