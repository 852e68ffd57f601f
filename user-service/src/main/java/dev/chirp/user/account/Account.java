package dev.chirp.user.account;

import java.time.Instant;

import dev.chirp.shared.event.UserSnapshot;

/** An account as stored; {@code passwordHash} never leaves the service. */
public record Account(long id, String handle, String email, String passwordHash, String displayName, String bio,
                      String location, Long avatarMediaId, String avatarUrl, Instant createdAt) {

    public UserSnapshot snapshot() {
        return new UserSnapshot(id, handle, displayName, bio, location, avatarUrl, createdAt);
    }

    public Account withProfile(String displayName, String bio, String location, Long avatarMediaId,
                               String avatarUrl) {
        return new Account(id, handle, email, passwordHash, displayName, bio, location, avatarMediaId, avatarUrl,
                createdAt);
    }
}
