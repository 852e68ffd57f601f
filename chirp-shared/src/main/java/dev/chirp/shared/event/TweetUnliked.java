package dev.chirp.shared.event;

import java.time.Instant;

public record TweetUnliked(long tweetId, long tweetAuthorId, long userId, Instant unlikedAt, long likeCount)
        implements ChirpEvent {

    public static final String TYPE = "TweetUnliked";

    @Override
    public Topic topic() {
        return Topic.LIKES;
    }

    @Override
    public String key() {
        return Long.toString(tweetId);
    }
}
