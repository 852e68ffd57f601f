package dev.chirp.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the services live and how long the gateway waits for them. Each service is one base URL or several, one per
 * instance (comma-separated in an environment variable, e.g.
 * {@code CHIRP_GATEWAY_SERVICES_TWEET=http://127.0.0.1:8082,http://127.0.0.1:9082}); requests take the instances in
 * turn ({@link ServiceInstances}). On Kubernetes one Service URL fronts all pods, so there it stays one URL.
 *
 * @param user            user-service instances (base URLs)
 * @param tweet           tweet-service instances
 * @param timeline        timeline-service instances
 * @param search          search-service instances
 * @param media           media-service instances
 * @param connectTimeout  how long to wait for a TCP connection (a stopped instance must fail fast, so that the
 *                        request goes on to another one)
 * @param responseTimeout how long to wait for a response from a service (API calls)
 * @param uploadTimeout   the same, for media uploads (5 MiB bodies, image re-encoding)
 */
@ConfigurationProperties("chirp.gateway.services")
public record UpstreamProperties(
        @DefaultValue("http://127.0.0.1:8081") List<URI> user,
        @DefaultValue("http://127.0.0.1:8082") List<URI> tweet,
        @DefaultValue("http://127.0.0.1:8083") List<URI> timeline,
        @DefaultValue("http://127.0.0.1:8084") List<URI> search,
        @DefaultValue("http://127.0.0.1:8085") List<URI> media,
        @DefaultValue("500ms") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("15s") Duration uploadTimeout) {
}
