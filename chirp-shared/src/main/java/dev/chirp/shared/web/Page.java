package dev.chirp.shared.web;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/** docs/03-api.md's list shape: {@code {"items": [...], "next_cursor": "…" or null}}. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
