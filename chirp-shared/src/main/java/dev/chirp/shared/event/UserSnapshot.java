package dev.chirp.shared.event;

import java.time.Instant;

/** The public part of an account, as other services keep it in their projections. */
public record UserSnapshot(long id, String handle, String displayName, String bio, String location,
                           String avatarUrl, Instant createdAt) {
}
