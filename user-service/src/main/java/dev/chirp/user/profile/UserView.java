package dev.chirp.user.profile;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * docs/03-api.md's {@code User}; {@code email} only on {@code /users/me} (and left out elsewhere), {@code followed_by_me}
 * null when anonymous.
 */
public record UserView(String id, String handle, String displayName, String bio, String location, String avatarUrl,
                       Instant createdAt, long followersCount, long followingCount, long tweetCount,
                       Boolean followedByMe,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String email) {
}
