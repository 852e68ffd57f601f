package dev.chirp.timeline;

import org.springframework.stereotype.Component;

/** Every Redis key and channel name of this service, under one configurable prefix (tests isolate with it). */
@Component
public class RedisKeys {

    private final String prefix;

    public RedisKeys(TimelineProperties properties) {
        this.prefix = properties.redis().keyPrefix();
    }

    public String prefix() {
        return prefix;
    }

    /** The user's home timeline: a sorted set of tweet IDs (member = decimal ID, score = ID). */
    public String home(long userId) {
        return prefix + "home:" + userId;
    }

    /** A celebrity's recent tweet IDs, cached for the read-time merge. */
    public String celebrityRecent(long authorId) {
        return prefix + "celeb:" + authorId;
    }

    /** Pub/sub channel of what is new for one user (home timeline tweets, notifications). */
    public String userChannel(long userId) {
        return prefix + "stream:user:" + userId;
    }

    /** A channel nothing is published on: each instance stays subscribed to it (see {@code RedisConfiguration}). */
    public String standbyChannel() {
        return prefix + "stream:standby";
    }

    /** Pub/sub channel of a celebrity's new tweets (their followers are not fanned out to). */
    public String authorChannel(long authorId) {
        return prefix + "stream:author:" + authorId;
    }
}
