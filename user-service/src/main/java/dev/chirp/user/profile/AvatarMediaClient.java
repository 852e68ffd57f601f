package dev.chirp.user.profile;

import java.util.List;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.web.SiblingInstances;
import dev.chirp.user.UserProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks media-service (internal API) whether an image belongs to the caller, and where it is served. */
@Component
class AvatarMediaClient {

    private final RestClient media;

    AvatarMediaClient(UserProperties properties, RestClient.Builder builder) {
        this.media = new SiblingInstances(properties.mediaBaseUrl())
                .applyTo(builder.clone(), properties.mediaConnectTimeout(), properties.mediaReadTimeout())
                .build();
    }

    record MediaItem(String id, String ownerId, String url) {
    }

    record MediaItems(List<MediaItem> items) {
    }

    /** The URL of the caller's image {@code mediaId}; 400 when unknown or someone else's, 503 when unreachable. */
    String urlOfOwnImage(long mediaId, long callerId) {
        MediaItems found;
        try {
            found = media.get().uri("/internal/media?ids={id}", mediaId).retrieve().body(MediaItems.class);
        } catch (RestClientException e) {
            throw ApiException.unavailable("The media service is unavailable; try again shortly.");
        }
        return (found == null || found.items() == null ? List.<MediaItem>of() : found.items()).stream()
                .filter(item -> Long.toString(mediaId).equals(item.id())
                        && Long.toString(callerId).equals(item.ownerId()))
                .map(MediaItem::url)
                .findFirst()
                .orElseThrow(() -> ApiException.invalid("avatar_media_id", "is not an image you uploaded"));
    }
}
