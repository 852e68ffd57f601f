package dev.chirp.gateway.webclient;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The web client's page policy. {@code mediaOrigins}: where photos may load from besides this origin, since a
 * media URL answers 302 to a presigned object-store URL (media-service's {@code s3.public-endpoint}); set it to
 * that endpoint wherever it differs from the local default.
 */
@ConfigurationProperties("chirp.gateway.web-client")
record WebClientProperties(List<String> mediaOrigins) {

    WebClientProperties {
        mediaOrigins = mediaOrigins == null ? List.of("http://127.0.0.1:9000", "http://localhost:9000")
                : List.copyOf(mediaOrigins);
    }
}
