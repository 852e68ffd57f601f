package dev.chirp.gateway.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a request's path means, decoded once and normalised ({@code canonical}), and whether the gateway refuses it
 * ({@code refusal}, null when it does not). Rate limits classify requests by the canonical path, because that is
 * what the route matches and what the service behind decodes: {@code POST /api/v1/auth/%6Cogin} is a login.
 *
 * <p>Refused (400, before routing, {@code RequestSanitizer}): paths whose decoding yields a {@code .} or
 * {@code ..} segment, an encoded slash or backslash (or a raw backslash), a NUL or other control character, a
 * {@code %} (double encoding, {@code %252e}), a malformed escape; and empty segments ({@code //}) and
 * {@code ;parameters}. A servlet container behind could otherwise normalise such a path into one the gateway never
 * routes ({@code /internal/**}), or charge it to another bucket. A trailing slash is not refused (the route or the
 * service decides), but the canonical path drops it.
 *
 * @param canonical the decoded path without dot or empty segments, {@code ;parameters} or a trailing slash
 * @param refusal   why the path is refused, or null
 */
public record RequestPath(String canonical, @Nullable String refusal) {

    /** @param rawPath the request URI's raw path, null for an opaque URI (read as {@code /}) */
    public static RequestPath of(@Nullable String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return new RequestPath("/", null);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        String refusal = null;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            int b;
            if (c == '%') {
                int high = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(rawPath.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    return new RequestPath(rawPath, "a malformed percent-encoding");
                }
                b = high * 16 + low;
                i += 2;
                if (b == '/' || b == '\\') {
                    refusal = first(refusal, "an encoded slash or backslash");
                } else if (b == '%') {
                    refusal = first(refusal, "double percent-encoding");
                }
            } else {
                b = c;
                if (c == '\\') {
                    refusal = first(refusal, "a backslash");
                }
            }
            if (b < 0x20 || b == 0x7f) {
                refusal = first(refusal, "a control character");
            }
            if (b < 0x80) {
                bytes.write(b);
            } else if (c == '%') {
                bytes.write(b);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        String[] segments = bytes.toString(StandardCharsets.UTF_8).split("/", -1);
        List<String> kept = new ArrayList<>(segments.length);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                refusal = first(refusal, "a ;parameter");
                segment = segment.substring(0, semicolon);
            }
            if (segment.equals("..") || segment.equals(".")) {
                refusal = first(refusal, "a dot segment");
            } else if (segment.isEmpty()) {
                boolean leadingOrTrailing = i == 0 || i == segments.length - 1;
                if (!leadingOrTrailing) {
                    refusal = first(refusal, "an empty segment");
                }
            } else {
                kept.add(segment);
            }
        }
        return new RequestPath("/" + String.join("/", kept), refusal);
    }

    private static String first(@Nullable String existing, String reason) {
        return existing != null ? existing : reason;
    }
}
