package dev.chirp.shared.web;

import java.util.ArrayList;
import java.util.List;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;

/**
 * The {@code ids} parameter of the internal batch lookups (docs/internal-apis.md, "HTTP lookups"): 1 to
 * {@value #MAX} comma-separated IDs, each as {@link ChirpIds#parse} reads them. Anything else is a 400 naming
 * {@code ids}: callers build the list themselves and never send an empty one, so a malformed list is a caller's
 * bug to be seen, not input to be cleaned up.
 */
public final class BatchIds {

    public static final int MAX = 100;

    private BatchIds() {
    }

    public static List<Long> parse(String raw) {
        if (raw.isEmpty()) {
            throw ApiException.invalid("ids", "must list 1 to " + MAX + " comma-separated IDs");
        }
        String[] parts = raw.split(",", -1);
        if (parts.length > MAX) {
            throw ApiException.invalid("ids", "at most " + MAX + " IDs");
        }
        List<Long> ids = new ArrayList<>(parts.length);
        for (String part : parts) {
            ids.add(ChirpIds.parse(part.strip())
                    .orElseThrow(() -> ApiException.invalid("ids", "must list 1 to " + MAX + " comma-separated IDs")));
        }
        return ids;
    }
}
