package dev.chirp.shared.event;

public record TweetCreated(TweetSnapshot tweet) implements ChirpEvent {

    public static final String TYPE = "TweetCreated";

    @Override
    public Topic topic() {
        return Topic.TWEETS;
    }

    @Override
    public String key() {
        return Long.toString(tweet.authorId());
    }
}
