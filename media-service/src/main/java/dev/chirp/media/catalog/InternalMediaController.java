package dev.chirp.media.catalog;

import java.util.List;

import dev.chirp.shared.web.BatchIds;
import dev.chirp.shared.web.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cluster-internal batch lookup (internal API 3, docs/internal-apis.md): tweet-service checks that attached media belong
 * to the author, user-service does the same for avatars. Unknown IDs are absent; a list that is not one (BatchIds)
 * is a 400.
 */
@RestController
class InternalMediaController {

    private final MediaCatalog catalog;
    private final MediaViews views;

    InternalMediaController(MediaCatalog catalog, MediaViews views) {
        this.catalog = catalog;
        this.views = views;
    }

    @GetMapping("/internal/media")
    Page<OwnedMediaView> lookup(@RequestParam(defaultValue = "") String ids) {
        List<Long> parsed = BatchIds.parse(ids);
        return Page.last(catalog.findAll(parsed).stream().map(views::ownedView).toList());
    }
}
