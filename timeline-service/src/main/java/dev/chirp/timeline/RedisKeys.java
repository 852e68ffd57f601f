package dev.chirp.timeline;

import org.springframework.stereotype.Component;

/** Every Redis key and channel name of this service, under one configurable prefix (tests isolate with it). */
@Component
public class RedisKeys {

    private final String prefix;

    public RedisKeys(TimelineProperties properties) {
        this.prefix = properties.redis().keyPrefix();
        // A brace in the prefix would become the hash tag of every key and channel, and userChannel's tag would no
        // longer name the home timeline's slot.
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("chirp.timeline.redis.key-prefix must not contain { or }: " + prefix);
        }
    }

    public String prefix() {
        return prefix;
    }

    /** The user's home timeline: a sorted set of tweet IDs (member = decimal ID, score = ID). */
    public String home(long userId) {
        return prefix + "home:" + userId;
    }

    /** The celebrities a user follows, comma-separated, cached in front of Cassandra (graph.CelebrityFolloweesCache). */
    public String celebrityFollowees(long userId) {
        return prefix + "celebs:" + userId;
    }

    /** A celebrity's recent tweet IDs, cached for the read-time merge. */
    public String celebrityRecent(long authorId) {
        return prefix + "celeb:" + authorId;
    }

    /**
     * Sharded pub/sub channel of what is new for one user (home timeline tweets, notifications). Its hash tag is the
     * user's home timeline key, so the channel lives in that key's slot: fan-out publishes on it from the script that
     * writes the timeline, and on a Redis Cluster a script may publish only on a channel of its keys' slot (another
     * node's answers "non local key"). The key keeps its name, so no timeline moves.
     */
    public String userChannel(long userId) {
        return prefix + "stream:user:{" + home(userId) + "}";
    }

    /**
     * Sharded pub/sub channel of a celebrity's new tweets (their followers are not fanned out to). Published outside
     * any script, so any slot will do: no hash tag.
     */
    public String authorChannel(long authorId) {
        return prefix + "stream:author:" + authorId;
    }
}
