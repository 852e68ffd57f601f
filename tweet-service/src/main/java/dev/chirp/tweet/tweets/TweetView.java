package dev.chirp.tweet.tweets;

import java.time.Instant;
import java.util.List;

import dev.chirp.shared.id.ChirpIds;
import dev.chirp.tweet.users.AuthorCard;
import org.jspecify.annotations.Nullable;

/**
 * docs/03-api.md's {@code Tweet}. {@code likedByMe} is null for an anonymous reader; {@code replyToId} when the tweet
 * is no reply, {@code location} when it has none. The counts and {@code likedByMe} are also null in a degraded
 * answer that could not read them ({@link TweetReader#availableViews}).
 */
public record TweetView(String id, Author author, String text, Instant createdAt, List<Media> media,
                        @Nullable String replyToId, List<Mention> mentions, List<String> hashtags,
                        StoredTweet.@Nullable Location location, @Nullable Long likeCount, @Nullable Long replyCount,
                        @Nullable Boolean likedByMe) {

    /** As its {@code AuthorCard}: all but the ID null until chirp.users told us of the author; no avatar, no URL. */
    public record Author(String id, @Nullable String handle, @Nullable String displayName,
                         @Nullable String avatarUrl) {
    }

    public record Mention(String id, String handle) {
    }

    static TweetView of(StoredTweet tweet, AuthorCard author, Engagement.@Nullable Counts counts,
                        @Nullable Boolean likedByMe) {
        return new TweetView(ChirpIds.format(tweet.id()),
                new Author(ChirpIds.format(author.id()), author.handle(), author.displayName(), author.avatarUrl()),
                tweet.text(), tweet.createdAt(), tweet.media(), ChirpIds.formatNullable(tweet.replyToId()),
                tweet.mentions().stream().map(m -> new Mention(ChirpIds.format(m.id()), m.handle())).toList(),
                tweet.hashtags(), tweet.location(), counts == null ? null : counts.likes(),
                counts == null ? null : counts.replies(), likedByMe);
    }
}
