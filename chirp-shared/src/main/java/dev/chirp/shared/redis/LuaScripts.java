package dev.chirp.shared.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts a service keeps in {@code src/main/resources/scripts/<name>.lua}, read once as text. A
 * {@link RedisScript} made from a classpath resource checks the file's modification time on every call to know its
 * SHA-1: 2.2 % of the gateway's CPU samples on home reads (docs/07-bottlenecks-and-reliability.md, "Cost per request").
 */
public final class LuaScripts {

    private LuaScripts() {
    }

    /** The script's text; a missing script fails the class that asks for it at load. */
    public static String text(String name) {
        try {
            return new ClassPathResource("scripts/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing or unreadable scripts/" + name + ".lua", e);
        }
    }

    public static <T> RedisScript<T> of(String name, Class<T> resultType) {
        return RedisScript.of(text(name), resultType);
    }
}
