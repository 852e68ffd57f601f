package dev.chirp.gateway.apidocs;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cacheFor        how long an assembled document is served before the services are asked again
 * @param partialCacheFor the same for a document that lacks a service (it did not answer in time): short, so that
 *                        a service that was only slow (warming up after a start) is back in the document soon
 * @param fetchTimeout    how long to wait for one service's document (a slow or stopped service is left out)
 * @param servers         the document's {@code servers}: where a client reaches the API. By default "/", relative to
 *                        where the document was read, i.e. this gateway under whatever address the client used
 *                        (a fixed "http://localhost:8080" would be wrong everywhere but on the laptop)
 */
@ConfigurationProperties("chirp.gateway.api-docs")
public record ApiDocsProperties(
        @DefaultValue("30s") Duration cacheFor,
        @DefaultValue("2s") Duration partialCacheFor,
        @DefaultValue("2s") Duration fetchTimeout,
        @DefaultValue("/") List<URI> servers) {
}
