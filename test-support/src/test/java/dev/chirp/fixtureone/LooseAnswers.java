package dev.chirp.fixtureone;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Breaks the null-marking rule: {@code @Nullable} in a package that is not {@code @NullMarked}. */
public class LooseAnswers {

    @Nullable String cached;

    List<@Nullable String> values() {
        return List.of();
    }
}
