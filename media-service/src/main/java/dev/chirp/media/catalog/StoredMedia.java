package dev.chirp.media.catalog;

import java.time.Instant;

/**
 * One stored image as media-service knows it.
 *
 * @param contentType  the type of the stored (re-encoded) image and of its thumbnail
 * @param sizeBytes    the size of the stored image, not of the upload
 * @param objectKey    random, unguessable key of the image in the bucket
 * @param thumbnailKey random, unguessable key of the thumbnail in the bucket
 */
public record StoredMedia(long id, long ownerId, String contentType, int width, int height, long sizeBytes,
                          String objectKey, String thumbnailKey, Instant createdAt) {
}
