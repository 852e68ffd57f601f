package dev.chirp.shared.event;

/**
 * A fact that one service publishes for the others. Each record names its topic and its partition key, so that
 * producers cannot put an event on the wrong topic or break the per-key ordering that consumers rely on.
 */
public sealed interface ChirpEvent
        permits UserCreated, UserUpdated, UserFollowed, UserUnfollowed, TweetCreated, TweetDeleted, TweetLiked,
        TweetUnliked {

    Topic topic();

    /** The Kafka record key (design rule 5 (docs/design-rules.md)). */
    String key();
}
