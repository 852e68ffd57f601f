package dev.chirp.shared.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/** docs/03-api.md's JSON conventions that Jackson's defaults do not give: times always carry milliseconds. */
public final class ApiJson {

    /** RFC 3339, UTC, exactly three fractional digits: {@code 2026-11-21T19:12:21.599Z}. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ApiJson() {
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("chirp-api");
        module.addSerializer(Instant.class, new ValueSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
                generator.writeString(TIME.format(value));
            }
        });
        return module;
    }
}
