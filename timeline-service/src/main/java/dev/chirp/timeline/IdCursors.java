package dev.chirp.timeline;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.web.Cursors;
import dev.chirp.shared.web.PageRequest;

/**
 * The cursor of this service's lists: the ID of the last item looked at. The next page holds the items with
 * smaller IDs, which is exact because every list here is ordered by a time-ordered ID.
 */
public final class IdCursors {

    private IdCursors() {
    }

    /** The exclusive upper bound of the requested page; null for the first page; 400 for a forged cursor. */
    public static Long below(PageRequest page) {
        if (page.isFirstPage()) {
            return null;
        }
        long id = Cursors.longPart(page.cursor(), 0);
        if (id <= 0 || page.cursor().size() != 1) {
            throw ApiException.invalid("cursor", "is not a cursor from a previous page");
        }
        return id;
    }

    public static String after(long id) {
        return Cursors.encode(id);
    }
}
