package dev.chirp.bench.world;

import java.util.List;

/**
 * An account the seeder or the bench made, as remembered in the world file.
 *
 * @param tokenExpiresAt epoch seconds
 * @param mediaIds       images this user uploaded, usable as {@code media_ids} of their posts
 */
public record SeededUser(String handle, String id, String token, long tokenExpiresAt, List<String> mediaIds) {

    public SeededUser {
        mediaIds = mediaIds == null ? List.of() : List.copyOf(mediaIds);
    }

    /** Usable for at least ten more minutes (a bench step must not see it expire). */
    public boolean tokenUsable(long nowEpochSeconds) {
        return token != null && tokenExpiresAt - nowEpochSeconds > 600;
    }

    public SeededUser withMedia(List<String> media) {
        return new SeededUser(handle, id, token, tokenExpiresAt, media);
    }
}
