package dev.chirp.shared.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxJsonBody the largest non-multipart request body accepted (docs/03-api.md: 64 KiB) */
@ConfigurationProperties("chirp.http")
public record HttpProperties(@DefaultValue("64KB") DataSize maxJsonBody) {
}
