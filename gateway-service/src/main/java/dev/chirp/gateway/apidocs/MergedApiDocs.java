package dev.chirp.gateway.apidocs;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.netty.channel.ChannelOption;
import dev.chirp.gateway.auth.AuthProperties;
import dev.chirp.gateway.auth.PathRules;
import dev.chirp.gateway.routing.UpstreamProperties;
import io.swagger.v3.oas.annotations.Hidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v3/api-docs}: one OpenAPI document for the whole public API, assembled from each service's own
 * {@code /v3/api-docs} and kept for a short while. A service that does not answer is left out (and named in
 * {@code x-chirp-missing-services}) rather than failing the whole document, and such a partial document is
 * assembled again after {@link ApiDocsProperties#partialCacheFor()}, not the full {@link ApiDocsProperties#cacheFor()}. The Swagger UI at
 * {@code /swagger-ui.html} reads this document.
 */
@Hidden
@RestController
class MergedApiDocs {

    private static final Logger log = LoggerFactory.getLogger(MergedApiDocs.class);

    private final Map<String, List<URI>> services = new LinkedHashMap<>();
    private final WebClient http;
    private final JsonMapper json;
    private final ApiDocsProperties properties;
    private final Mono<ObjectNode> cached;

    private final GatewayContract contract;

    MergedApiDocs(UpstreamProperties upstreams, ApiDocsProperties properties, AuthProperties auth, JsonMapper json) {
        this.contract = new GatewayContract(new PathRules(auth.publicPaths(), auth.privatePaths()),
                properties.servers());
        services.put("user-service", upstreams.user());
        services.put("tweet-service", upstreams.tweet());
        services.put("timeline-service", upstreams.timeline());
        services.put("search-service", upstreams.search());
        services.put("media-service", upstreams.media());
        this.properties = properties;
        this.json = json;
        this.http = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.fetchTimeout().toMillis())
                        .responseTimeout(properties.fetchTimeout())))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
        // A partial document (a service was slow or down, e.g. still warming up just after start) is kept only
        // briefly: cached as long as a whole one, it hid most of the API for 30 s after every `./chirp up`.
        this.cached = Mono.defer(this::assemble).cache(
                document -> document.has(ApiDocsMerger.MISSING_SERVICES)
                        ? properties.partialCacheFor() : properties.cacheFor(),
                error -> Duration.ZERO,
                () -> Duration.ZERO);
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> document() {
        return cached.map(json::writeValueAsString);
    }

    private Mono<ObjectNode> assemble() {
        return Flux.fromIterable(services.entrySet())
                .flatMapSequential(service -> fetch(service.getValue())
                        .map(document -> Map.entry(service.getKey(), Optional.of(document)))
                        .onErrorResume(e -> {
                            log.warn("Left {} out of the API document: {}", service.getKey(), e.toString());
                            return Mono.just(Map.entry(service.getKey(), Optional.empty()));
                        }))
                .reduce(new ApiDocsMerger(), (merger, fetched) -> fetched.getValue()
                        .map(document -> merger.add(fetched.getKey(), document))
                        .orElseGet(() -> merger.missing(fetched.getKey())))
                .map(merger -> {
                    ObjectNode document = merger.document();
                    contract.applyTo(document);
                    return document;
                });
    }

    /** The document of the first instance that answers: the instances of a service serve the same one. */
    private Mono<JsonNode> fetch(List<URI> instances) {
        return Flux.fromIterable(instances)
                .concatMap(instance -> fetchFrom(instance).onErrorResume(e -> {
                    log.debug("No API document from {}: {}", instance, e.toString());
                    return Mono.empty();
                }))
                .next()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no instance answered: " + instances)));
    }

    private Mono<JsonNode> fetchFrom(URI base) {
        return http.get().uri(base.resolve("/v3/api-docs")).accept(MediaType.APPLICATION_JSON)
                .retrieve().bodyToMono(String.class)
                .map(json::readTree)
                .timeout(properties.fetchTimeout());
    }
}
