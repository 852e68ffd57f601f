package dev.chirp.shared.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** The public part of an account, as other services keep it in their projections. */
public record UserSnapshot(long id, String handle, String displayName, @Nullable String bio,
                           @Nullable String location, @Nullable String avatarUrl, Instant createdAt) {
}
