package dev.chirp.shared.error;

/** One entry of a validation problem's {@code errors} array: the request field (snake_case) and what is wrong. */
public record FieldProblem(String field, String message) {
}
