/** How every service's Redis client behaves on a Redis Cluster when a primary dies. */
@NullMarked
package dev.chirp.shared.redis;

import org.jspecify.annotations.NullMarked;
