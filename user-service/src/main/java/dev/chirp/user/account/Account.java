package dev.chirp.user.account;

import java.time.Instant;

import dev.chirp.shared.event.UserSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * An account as stored; {@code passwordHash} never leaves the service. The profile's bio, location and avatar are null
 * until the user sets them (or after they cleared them); the display name is the handle unless they chose one.
 */
public record Account(long id, String handle, String email, String passwordHash, String displayName,
                      @Nullable String bio, @Nullable String location, @Nullable Long avatarMediaId,
                      @Nullable String avatarUrl, Instant createdAt) {

    public UserSnapshot snapshot() {
        return new UserSnapshot(id, handle, displayName, bio, location, avatarUrl, createdAt);
    }

    public Account withProfile(String displayName, @Nullable String bio, @Nullable String location,
                               @Nullable Long avatarMediaId, @Nullable String avatarUrl) {
        return new Account(id, handle, email, passwordHash, displayName, bio, location, avatarMediaId, avatarUrl,
                createdAt);
    }
}
