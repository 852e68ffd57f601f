package dev.chirp.timeline;

import dev.chirp.shared.web.Cursors;
import dev.chirp.shared.web.PageRequest;
import org.jspecify.annotations.Nullable;

/**
 * The cursor of this service's lists: the ID of the last item looked at. The next page holds the items with
 * smaller IDs, which is exact because every list here is ordered by a time-ordered ID.
 */
public final class IdCursors {

    private IdCursors() {
    }

    /** The exclusive upper bound of the requested page; null for the first page; 400 for a forged cursor or one outside
     * the times an item can have. */
    public static @Nullable Long below(PageRequest page) {
        if (page.isFirstPage()) {
            return null;
        }
        // an ID whose time no item can have (before the epoch, after now) is refused: it would only drive a walk
        return Cursors.idPart(Cursors.requireParts(page.cursor(), 1), 0);
    }

    public static String after(long id) {
        return Cursors.encode(id);
    }
}
