package dev.chirp.tweet.tweets;

/** A snapshot of a Media object as media-service described it when the tweet was posted (docs/03-api.md "Media"). */
public record Media(String id, String type, String contentType, Integer width, Integer height, Long sizeBytes,
                   String url, String thumbnailUrl) {
}
