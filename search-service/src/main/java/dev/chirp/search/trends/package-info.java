/** Null-marked: a type without {@code @Nullable} is never null (see the package dev.chirp.shared). */
@NullMarked
package dev.chirp.search.trends;

import org.jspecify.annotations.NullMarked;
