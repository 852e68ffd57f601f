package dev.chirp.tweet.tweets;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a Media object as media-service described it when the tweet was posted (docs/03-api.md "Media").
 * media-service sends every field; one it left out is null here ({@code MediaClient} copies what it got).
 */
public record Media(String id, @Nullable String type, @Nullable String contentType, @Nullable Integer width,
                    @Nullable Integer height, @Nullable Long sizeBytes, @Nullable String url,
                    @Nullable String thumbnailUrl) {
}
