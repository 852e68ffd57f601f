package dev.chirp.shared.event;

import java.time.Instant;

public record UserUnfollowed(long followerId, long followeeId, Instant unfollowedAt, long followeeFollowers)
        implements ChirpEvent {

    public static final String TYPE = "UserUnfollowed";

    @Override
    public Topic topic() {
        return Topic.FOLLOWS;
    }

    @Override
    public String key() {
        return Long.toString(followeeId);
    }
}
