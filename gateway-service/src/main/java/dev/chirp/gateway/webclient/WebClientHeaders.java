package dev.chirp.gateway.webclient;

import dev.chirp.gateway.web.GatewayFilterOrder;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The web client's pages (static resources at {@code /}, {@code /index.html}, {@code /app/**}) carry a
 * Content-Security-Policy that allows script and style only from this origin (no inline script, no inline style,
 * no eval), connections only to this origin (the API), and requires Trusted Types for every HTML sink, so that
 * even a stray {@code innerHTML} with data throws instead of parsing markup. Photos may also come from the object
 * store the media URLs redirect to. The API's own responses are left exactly as they were.
 */
@Component
class WebClientHeaders implements WebFilter, Ordered {

    static final String CSP = "Content-Security-Policy";

    private final String policy;

    WebClientHeaders(WebClientProperties properties) {
        this.policy = policy(properties);
    }

    static String policy(WebClientProperties properties) {
        String images = String.join(" ", properties.mediaOrigins());
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: "
                + images + "; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isWebClient(exchange.getRequest().getPath().pathWithinApplication().value())) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set(CSP, policy);
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            // Revalidated on every load (ETag/Last-Modified answer 304), so a new deployment is seen at once.
            headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        return chain.filter(exchange);
    }

    static boolean isWebClient(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith("/app/");
    }

    @Override
    public int getOrder() {
        return GatewayFilterOrder.WEB_CLIENT_HEADERS;
    }
}
