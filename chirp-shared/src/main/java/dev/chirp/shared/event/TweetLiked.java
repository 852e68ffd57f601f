package dev.chirp.shared.event;

import java.time.Instant;

public record TweetLiked(long tweetId, long tweetAuthorId, long userId, Instant likedAt, long likeCount)
        implements ChirpEvent {

    public static final String TYPE = "TweetLiked";

    @Override
    public Topic topic() {
        return Topic.LIKES;
    }

    @Override
    public String key() {
        return Long.toString(tweetId);
    }
}
