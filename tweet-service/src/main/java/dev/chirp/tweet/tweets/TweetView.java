package dev.chirp.tweet.tweets;

import java.time.Instant;
import java.util.List;

import dev.chirp.shared.id.ChirpIds;
import dev.chirp.tweet.users.AuthorCard;

/**
 * docs/03-api.md's {@code Tweet}. {@code likedByMe} is null for an anonymous reader.
 */
public record TweetView(String id, Author author, String text, Instant createdAt, List<Media> media,
                        String replyToId, List<Mention> mentions, List<String> hashtags,
                        StoredTweet.Location location, long likeCount, long replyCount, Boolean likedByMe) {

    public record Author(String id, String handle, String displayName, String avatarUrl) {
    }

    public record Mention(String id, String handle) {
    }

    static TweetView of(StoredTweet tweet, AuthorCard author, Engagement.Counts counts, Boolean likedByMe) {
        return new TweetView(ChirpIds.format(tweet.id()),
                new Author(ChirpIds.format(author.id()), author.handle(), author.displayName(), author.avatarUrl()),
                tweet.text(), tweet.createdAt(), tweet.media(), ChirpIds.formatNullable(tweet.replyToId()),
                tweet.mentions().stream().map(m -> new Mention(ChirpIds.format(m.id()), m.handle())).toList(),
                tweet.hashtags(), tweet.location(), counts.likes(), counts.replies(), likedByMe);
    }
}
