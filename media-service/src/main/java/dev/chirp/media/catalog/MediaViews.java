package dev.chirp.media.catalog;

import dev.chirp.media.MediaProperties;
import dev.chirp.shared.id.ChirpIds;
import org.springframework.stereotype.Component;

/**
 * Renders stored media for clients. {@code url} and {@code thumbnail_url} are stable links to this service
 * (through the gateway) that redirect to a fresh presigned S3 URL, so other services may keep a snapshot.
 */
@Component
public class MediaViews {

    private final String mediaBase;

    MediaViews(MediaProperties properties) {
        String base = properties.publicBaseUrl();
        this.mediaBase = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/media/";
    }

    public MediaView view(StoredMedia media) {
        String id = ChirpIds.format(media.id());
        return new MediaView(id, "image", media.contentType(), media.width(), media.height(), media.sizeBytes(),
                mediaBase + id + "/content", mediaBase + id + "/thumbnail");
    }

    OwnedMediaView ownedView(StoredMedia media) {
        MediaView view = view(media);
        return new OwnedMediaView(view.id(), view.type(), view.contentType(), view.width(), view.height(),
                view.sizeBytes(), view.url(), view.thumbnailUrl(), ChirpIds.format(media.ownerId()));
    }
}
