package dev.chirp.gateway.routing;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the services live and how long the gateway waits for them.
 *
 * @param user            user-service base URL
 * @param tweet           tweet-service base URL
 * @param timeline        timeline-service base URL
 * @param search          search-service base URL
 * @param media           media-service base URL
 * @param connectTimeout  how long to wait for a TCP connection (a stopped service must fail fast)
 * @param responseTimeout how long to wait for a response from a service (API calls)
 * @param uploadTimeout   the same, for media uploads (5 MiB bodies, image re-encoding)
 */
@ConfigurationProperties("chirp.gateway.services")
public record UpstreamProperties(
        @DefaultValue("http://127.0.0.1:8081") URI user,
        @DefaultValue("http://127.0.0.1:8082") URI tweet,
        @DefaultValue("http://127.0.0.1:8083") URI timeline,
        @DefaultValue("http://127.0.0.1:8084") URI search,
        @DefaultValue("http://127.0.0.1:8085") URI media,
        @DefaultValue("500ms") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("15s") Duration uploadTimeout) {
}
