package dev.chirp.media.catalog;

/** docs/03-api.md's {@code Media}. */
public record MediaView(String id, String type, String contentType, int width, int height, long sizeBytes,
                        String url, String thumbnailUrl) {
}
