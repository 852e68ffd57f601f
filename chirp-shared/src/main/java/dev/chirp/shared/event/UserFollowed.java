package dev.chirp.shared.event;

import java.time.Instant;

/**
 * @param followeeFollowers the followee's follower count right after this follow, so consumers can tell
 *                          celebrities apart without asking user-service
 */
public record UserFollowed(long followerId, long followeeId, Instant followedAt, long followeeFollowers)
        implements ChirpEvent {

    public static final String TYPE = "UserFollowed";

    @Override
    public Topic topic() {
        return Topic.FOLLOWS;
    }

    @Override
    public String key() {
        return Long.toString(followeeId);
    }
}
