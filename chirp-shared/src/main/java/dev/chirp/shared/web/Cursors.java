package dev.chirp.shared.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import java.time.Instant;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.time.MonthBuckets;

/**
 * The one cursor encoding: the position after the last item served (e.g. its sort key and ID), as an opaque
 * URL-safe string. Opaque so that clients do not build cursors themselves and the services may change what is
 * inside; versioned so that an old cursor is refused clearly rather than misread.
 */
public final class Cursors {

    private static final String VERSION = "c1";
    private static final char SEPARATOR = '\u001f';
    private static final int MAX_LENGTH = 512;

    private Cursors() {
    }

    public static String encode(Object... position) {
        StringBuilder text = new StringBuilder(VERSION);
        for (Object part : position) {
            String value = String.valueOf(part);
            if (value.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("cursor part contains the separator");
            }
            text.append(SEPARATOR).append(value);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The parts given to {@link #encode}; a 400 for anything that did not come from it. */
    public static List<String> decode(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        List<String> parts = Arrays.asList(text.split(String.valueOf(SEPARATOR), -1));
        if (parts.size() < 2 || !VERSION.equals(parts.get(0))) {
            throw invalid();
        }
        return parts.subList(1, parts.size());
    }

    /** A numeric part of a decoded cursor; a 400 when it is not one. */
    public static long longPart(List<String> parts, int index) {
        try {
            return Long.parseLong(parts.get(index));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    /**
     * A time-ordered ID part (an item's or a follow's ID); a 400 unless its time is one an item can have, from the ID
     * epoch to now plus the clock skew ({@link MonthBuckets#isPossible}). Every walk a cursor drives is bounded by
     * that, so a crafted cursor cannot send a reader through months or years where nothing can be.
     */
    public static long idPart(List<String> parts, int index) {
        long id = longPart(parts, index);
        if (id <= 0 || !MonthBuckets.isPossible(ChirpIds.timeOf(id), Instant.now())) {
            throw invalid();
        }
        return id;
    }

    /** A time part in epoch milliseconds; a 400 unless it is a time an item can have, as for {@link #idPart}. */
    public static Instant instantPart(List<String> parts, int index) {
        Instant time = Instant.ofEpochMilli(longPart(parts, index));
        if (!MonthBuckets.isPossible(time, Instant.now())) {
            throw invalid();
        }
        return time;
    }

    /** The number of parts a cursor of this list has; a 400 for any other. */
    public static List<String> requireParts(List<String> parts, int count) {
        if (parts.size() != count) {
            throw invalid();
        }
        return parts;
    }

    private static ApiException invalid() {
        return ApiException.invalid("cursor", "is not a cursor from a previous page");
    }
}
