package dev.chirp.gateway.auth;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/** Who is calling, as far as the token says; stored on the exchange by {@link TokenFilter}. */
public sealed interface Caller {

    /** No {@code Authorization} header. */
    record Anonymous() implements Caller {
    }

    /** A verified token for user {@code userId} (the JWT {@code sub}). */
    record User(String userId) implements Caller {
    }

    /** A token that does not verify: forged, tampered, expired, wrong algorithm, or not a bearer token at all. */
    record Invalid(String reason) implements Caller {
    }

    /** A token that could not be checked because the signing keys could not be fetched. */
    record Unverifiable() implements Caller {
    }

    String ATTRIBUTE = Caller.class.getName();

    static Caller of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.<Caller>getAttribute(ATTRIBUTE)).orElse(new Anonymous());
    }
}
