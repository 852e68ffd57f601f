package dev.chirp.shared.error;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/** Reports fields in the request's own spelling (snake_case JSON), not in Java's. */
final class FieldNames {

    private FieldNames() {
    }

    static @Nullable String snakeCase(@Nullable String javaName) {
        if (javaName == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(javaName.length() + 4);
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String path(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
