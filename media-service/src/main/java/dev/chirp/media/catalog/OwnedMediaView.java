package dev.chirp.media.catalog;

/** {@code Media} plus {@code owner_id}, for the internal API only (COMMON.md internal contract 3). */
record OwnedMediaView(String id, String type, String contentType, int width, int height, long sizeBytes,
                      String url, String thumbnailUrl, String ownerId) {
}
