package dev.chirp.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which account a login attempt is aimed at, for the per-account bucket: the body's {@code login}, normalised as
 * user-service compares it (trimmed, lower case), hashed so that no e-mail address ends up in a Redis key. The
 * body is read once, at most {@code loginBodyLimit} bytes (a larger one is refused: padding must not hide the
 * account), and handed on unchanged. A body that does not parse, or names no login, draws from one shared
 * "unreadable" account bucket: user-service refuses it anyway.
 */
@Component
class LoginTarget {

    /** The exchange to go on with (its body replayable) and the account's bucket owner. */
    record Read(ServerWebExchange exchange, String account) {
    }

    static final String UNREADABLE = "unreadable";

    private final JsonMapper json;

    LoginTarget(JsonMapper json) {
        this.json = json;
    }

    /** Empty when the body is larger than {@code maxBytes}. */
    Mono<Read> read(ServerWebExchange exchange, int maxBytes) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.empty();
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(bytes -> new Read(replaying(exchange, bytes), account(bytes)))
                .onErrorResume(org.springframework.core.io.buffer.DataBufferLimitException.class, e -> Mono.empty());
    }

    String account(byte[] body) {
        String login;
        try {
            JsonNode node = json.readTree(body);
            JsonNode field = node == null ? null : node.get("login");
            login = field != null && field.isString() ? field.asString() : null;
        } catch (RuntimeException e) {
            login = null;
        }
        if (login == null || login.isBlank()) {
            return UNREADABLE;
        }
        return sha256(login.strip().toLowerCase(Locale.ROOT));
    }

    private static ServerWebExchange replaying(ServerWebExchange exchange, byte[] body) {
        ServerHttpRequest replay = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        return exchange.mutate().request(replay).build();
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
