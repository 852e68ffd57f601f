package dev.chirp.fixturetwo;

import dev.chirp.shared.error.ApiException;

/** Keeps every rule: it uses its own module and chirp-shared only. */
public class Other {

    ApiException refusal() {
        return ApiException.invalid("field", "why");
    }
}
