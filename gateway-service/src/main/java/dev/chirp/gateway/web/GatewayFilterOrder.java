package dev.chirp.gateway.web;

import org.springframework.core.Ordered;

/**
 * The order of the gateway's web filters, in one place because each step relies on the one before: the request
 * ID first (so every answer carries it), then CORS, then the token is read and the caller's bucket charged (so
 * every later refusal carries rate-limit headers), the request cleaned, and the body measured. Whether the
 * caller may use a route is decided later, by a gateway filter on routed requests only. The timing marks sit
 * between the steps they measure (Server-Timing: how long the token check and the rate limiter took).
 */
public final class GatewayFilterOrder {

    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;
    public static final int WEB_CLIENT_HEADERS = REQUEST_ID + 1;
    public static final int CORS = WEB_CLIENT_HEADERS + 1;
    public static final int TIMING_START = CORS + 1;
    public static final int TOKEN = TIMING_START + 1;
    public static final int TIMING_AFTER_TOKEN = TOKEN + 1;
    public static final int RATE_LIMIT = TIMING_AFTER_TOKEN + 1;
    public static final int TIMING_AFTER_RATE_LIMIT = RATE_LIMIT + 1;
    public static final int SANITIZE = TIMING_AFTER_RATE_LIMIT + 1;
    public static final int BODY_LIMIT = SANITIZE + 1;

    private GatewayFilterOrder() {
    }
}
