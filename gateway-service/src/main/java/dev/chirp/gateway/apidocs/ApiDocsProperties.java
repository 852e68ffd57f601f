package dev.chirp.gateway.apidocs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cacheFor     how long an assembled document is served before the services are asked again
 * @param fetchTimeout how long to wait for one service's document (a slow or stopped service is left out)
 */
@ConfigurationProperties("chirp.gateway.api-docs")
public record ApiDocsProperties(
        @DefaultValue("30s") Duration cacheFor,
        @DefaultValue("2s") Duration fetchTimeout) {
}
