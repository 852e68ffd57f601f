package dev.chirp.media.catalog;

import java.net.URI;
import java.util.function.Function;

import dev.chirp.media.storage.ObjectStore;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Public reads: the metadata, and the bytes by redirect to a short-lived presigned S3 URL. */
@RestController
class MediaController {

    private final MediaCatalog catalog;
    private final MediaViews views;
    private final ObjectStore store;

    MediaController(MediaCatalog catalog, MediaViews views, ObjectStore store) {
        this.catalog = catalog;
        this.views = views;
        this.store = store;
    }

    @GetMapping("/api/v1/media/{id}")
    MediaView get(@PathVariable String id) {
        return views.view(find(id));
    }

    @GetMapping("/api/v1/media/{id}/content")
    ResponseEntity<Void> content(@PathVariable String id) {
        return redirect(id, StoredMedia::objectKey);
    }

    @GetMapping("/api/v1/media/{id}/thumbnail")
    ResponseEntity<Void> thumbnail(@PathVariable String id) {
        return redirect(id, StoredMedia::thumbnailKey);
    }

    /** Cached for half the link's lifetime, so a cached redirect never points at an expired URL. */
    private ResponseEntity<Void> redirect(String id, Function<StoredMedia, String> key) {
        String url = store.presignedGet(key.apply(find(id)));
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(url))
                .cacheControl(CacheControl.maxAge(store.linkLifetime().dividedBy(2)).cachePrivate())
                .build();
    }

    private StoredMedia find(String id) {
        return ChirpIds.parse(id).flatMap(catalog::find)
                .orElseThrow(() -> ApiException.notFound("No media with this ID."));
    }
}
