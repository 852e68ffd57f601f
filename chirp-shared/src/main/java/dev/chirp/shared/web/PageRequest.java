package dev.chirp.shared.web;

import java.util.List;

import dev.chirp.shared.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@code limit} and decoded {@code cursor} (docs/03-api.md "pagination"): limit 1..100, default 20 unless the
 * endpoint says otherwise; an unreadable cursor is a 400, never a silent first page.
 */
public record PageRequest(int limit, @Nullable List<String> cursor) {

    public static final int MAX_LIMIT = 100;

    public static PageRequest of(@Nullable Integer limit, @Nullable String cursor) {
        return of(limit, cursor, 20);
    }

    public static PageRequest of(@Nullable Integer limit, @Nullable String cursor, int defaultLimit) {
        int effective = limit == null ? defaultLimit : limit;
        if (effective < 1 || effective > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(effective, cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor));
    }

    public boolean isFirstPage() {
        return cursor == null;
    }
}
