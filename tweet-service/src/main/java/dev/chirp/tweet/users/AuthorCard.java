package dev.chirp.tweet.users;

/** What a tweet shows of its author; {@code handle} and the rest are null until chirp.users told us about them. */
public record AuthorCard(long id, String handle, String displayName, String avatarUrl) {

    static AuthorCard unknown(long id) {
        return new AuthorCard(id, null, null, null);
    }
}
