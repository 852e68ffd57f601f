/**
 * chirp-shared, the code every service bundles (design rule 5). Null-marked, like each package below it: a type
 * without {@code @Nullable} is never null, so a service calling in knows which answers to check.
 */
@NullMarked
package dev.chirp.shared;

import org.jspecify.annotations.NullMarked;
