package dev.chirp.gateway.web;

import java.util.concurrent.atomic.AtomicLong;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.error.ProblemTypes;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps oversized bodies away from the services (docs/03-api.md: JSON over 64 KiB is 413; uploads have their own limit).
 * A declared {@code Content-Length} over the limit is refused before anything is read; a chunked body is
 * counted while it streams through and cut off once it passes the limit.
 */
@Component
class BodyLimitFilter implements WebFilter, Ordered {

    private static final String TOO_LARGE = "The request body is larger than allowed.";

    private final BodyLimitProperties limits;
    private final ProblemReplies problems;

    BodyLimitFilter(BodyLimitProperties limits, ProblemReplies problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = isUpload(request) ? limits.upload().toBytes() : limits.json().toBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return problems.reply(exchange, HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.TOO_LARGE, TOO_LARGE);
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(ApiException.payloadTooLarge(TOO_LARGE));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    static boolean isUpload(ServerHttpRequest request) {
        return HttpMethod.POST.equals(request.getMethod())
                && "/api/v1/media".equals(RequestPath.of(request.getURI().getRawPath()).canonical());
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.BODY_LIMIT;
    }
}
