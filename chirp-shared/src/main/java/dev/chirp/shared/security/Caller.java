package dev.chirp.shared.security;

import java.util.Optional;

import dev.chirp.shared.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Who is making the request, as proven by a verified token; declare it as a controller parameter. Anonymous on
 * public endpoints without a token. Never built from a client-sent header.
 */
public record Caller(@Nullable Long userId) {

    public static final Caller ANONYMOUS = new Caller(null);

    public boolean isAnonymous() {
        return userId == null;
    }

    public Optional<Long> optionalId() {
        return Optional.ofNullable(userId);
    }

    /** The caller's ID; 401 for an anonymous caller (a public endpoint's write path, say). */
    public long requireId() {
        if (userId == null) {
            throw ApiException.unauthorized("This call needs a valid access token.");
        }
        return userId;
    }
}
