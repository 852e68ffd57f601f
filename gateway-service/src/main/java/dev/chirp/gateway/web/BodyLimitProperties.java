package dev.chirp.gateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param json   the largest request body for every endpoint except media uploads (docs/03-api.md: 64 KiB, else 413)
 * @param upload the largest media upload body: media-service's 5 MiB file limit plus room for the multipart framing
 */
@ConfigurationProperties("chirp.gateway.body-limits")
public record BodyLimitProperties(
        @DefaultValue("64KB") DataSize json,
        @DefaultValue("5200KB") DataSize upload) {
}
