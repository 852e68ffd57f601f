package dev.chirp.media.catalog;

/** {@code Media} plus {@code owner_id}, for the internal API only (internal API 3, docs/internal-apis.md). */
record OwnedMediaView(String id, String type, String contentType, int width, int height, long sizeBytes,
                      String url, String thumbnailUrl, String ownerId) {
}
