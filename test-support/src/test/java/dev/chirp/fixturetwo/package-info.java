/** A fixture package that is null-marked, as every package using {@code @Nullable} must be. */
@NullMarked
package dev.chirp.fixturetwo;

import org.jspecify.annotations.NullMarked;
