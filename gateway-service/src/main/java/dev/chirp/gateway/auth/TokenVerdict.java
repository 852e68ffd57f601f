package dev.chirp.gateway.auth;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * What the request's token says about who is calling: {@link TokenFilter}'s verdict, stored on the exchange for the
 * access and rate-limit filters. Not chirp-shared's {@code Caller}, which the services build from a verified token.
 */
public sealed interface TokenVerdict {

    /** No {@code Authorization} header. */
    record Anonymous() implements TokenVerdict {
    }

    /** A verified token for user {@code userId} (the JWT {@code sub}). */
    record User(String userId) implements TokenVerdict {
    }

    /** A token that does not verify: forged, tampered, expired, wrong algorithm, or not a bearer token at all. */
    record Invalid(String reason) implements TokenVerdict {
    }

    /** A token that could not be checked because the signing keys could not be fetched. */
    record Unverifiable() implements TokenVerdict {
    }

    String ATTRIBUTE = TokenVerdict.class.getName();

    static TokenVerdict of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.<TokenVerdict>getAttribute(ATTRIBUTE)).orElse(new Anonymous());
    }
}
