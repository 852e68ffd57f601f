package dev.chirp.media.catalog;

/** API.md's {@code Media}. */
public record MediaView(String id, String type, String contentType, int width, int height, long sizeBytes,
                        String url, String thumbnailUrl) {
}
