package dev.chirp.shared.event;

import java.time.Instant;

public record TweetDeleted(long tweetId, long authorId, Instant deletedAt) implements ChirpEvent {

    public static final String TYPE = "TweetDeleted";

    @Override
    public Topic topic() {
        return Topic.TWEETS;
    }

    @Override
    public String key() {
        return Long.toString(authorId);
    }
}
