package dev.chirp.media.storage;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chirp.shared.id.ChirpIds;

/**
 * Object keys: {@code image/<media id>/<128 random bits>} and {@code thumbnail/<media id>/<128 random bits>}.
 * The random part makes a key unguessable (the media ID is public); nothing comes from the client's file name.
 * The media ID lets the orphan sweeper find an object's row from a bucket listing alone.
 */
public final class ObjectKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY = Pattern.compile("(?:image|thumbnail)/([0-9]{1,19})/[0-9a-f]{32}");

    private ObjectKeys() {
    }

    public static String image(long mediaId) {
        return "image/" + mediaId + "/" + randomBits();
    }

    public static String thumbnail(long mediaId) {
        return "thumbnail/" + mediaId + "/" + randomBits();
    }

    /** The media ID inside a key this class made; empty for any other key. */
    public static Optional<Long> mediaId(String key) {
        Matcher matcher = KEY.matcher(key);
        return matcher.matches() ? ChirpIds.parse(matcher.group(1)) : Optional.empty();
    }

    private static String randomBits() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
