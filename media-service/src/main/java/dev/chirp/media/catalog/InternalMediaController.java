package dev.chirp.media.catalog;

import java.util.ArrayList;
import java.util.List;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster-internal batch lookup (internal API 3, docs/internal-apis.md): tweet-service checks that attached media belong
 * to the author, user-service does the same for avatars. Unknown IDs, and IDs that are not IDs, are absent.
 */
@RestController
class InternalMediaController {

    static final int MAX_IDS = 100;

    private final MediaCatalog catalog;
    private final MediaViews views;

    InternalMediaController(MediaCatalog catalog, MediaViews views) {
        this.catalog = catalog;
        this.views = views;
    }

    @GetMapping("/internal/media")
    Page<OwnedMediaView> lookup(@RequestParam("ids") List<String> ids) {
        if (ids.size() > MAX_IDS) {
            throw ApiException.invalid("ids", "at most " + MAX_IDS + " IDs");
        }
        List<Long> parsed = new ArrayList<>(ids.size());
        ids.forEach(id -> ChirpIds.parse(id.trim()).ifPresent(parsed::add));
        return Page.last(catalog.findAll(parsed).stream().map(views::ownedView).toList());
    }
}
