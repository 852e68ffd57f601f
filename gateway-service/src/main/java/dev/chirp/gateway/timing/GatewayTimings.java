package dev.chirp.gateway.timing;

import java.util.ArrayList;
import java.util.List;

/**
 * When one API request passed each of the gateway's steps (System.nanoTime), turned into W3C Server-Timing entries
 * once the response is about to be sent: the token check, the rate limiter (a Redis call), the upstream call (to
 * the first response byte), and the gateway's whole time. Steps a request did not reach are left out.
 */
final class GatewayTimings {

    static final String ATTRIBUTE = GatewayTimings.class.getName();
    private static final long UNSET = Long.MIN_VALUE;

    private final long start;
    private long afterToken = UNSET;
    private long afterRateLimit = UNSET;
    private long upstreamStart = UNSET;
    private String upstream;

    GatewayTimings(long start) {
        this.start = start;
    }

    void afterToken(long now) {
        afterToken = now;
    }

    void afterRateLimit(long now) {
        afterRateLimit = now;
    }

    void upstreamStart(long now, String service) {
        upstreamStart = now;
        upstream = service;
    }

    /** The header value at {@code now}, e.g. {@code gateway-auth;dur=0.4;desc="gateway: token check", …}. */
    String header(long now) {
        List<String> entries = new ArrayList<>(4);
        if (afterToken != UNSET) {
            entries.add(entry("gateway-auth", start, afterToken, "gateway: token check"));
        }
        if (afterToken != UNSET && afterRateLimit != UNSET) {
            entries.add(entry("gateway-ratelimit", afterToken, afterRateLimit, "gateway: rate limit (Redis)"));
        }
        if (upstreamStart != UNSET) {
            entries.add(entry("gateway-upstream", upstreamStart, now, "gateway: call to " + upstream));
        }
        entries.add(entry("gateway-total", start, now, "gateway: total"));
        return String.join(", ", entries);
    }

    /** {@code name;dur=1.25;desc="..."}: built by hand, as String.format was 1.6 % of the gateway's CPU samples. */
    private static String entry(String name, long from, long to, String description) {
        long hundredths = (Math.max(0, to - from) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return name + ";dur=" + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction
                + ";desc=\"" + description.replace('"', '\'') + '"';
    }
}
