package dev.chirp.fixturetwo;

import org.jspecify.annotations.Nullable;

/** Keeps the null-marking rule: its {@code @Nullable} stands in a {@code @NullMarked} package. */
public class MarkedAnswers {

    @Nullable String cached() {
        return null;
    }
}
