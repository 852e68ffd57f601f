package dev.chirp.search.tweets;

import java.util.List;
import java.util.stream.Collectors;

import dev.chirp.search.InternalServiceClients;
import dev.chirp.search.SearchProperties;
import dev.chirp.shared.error.ApiException;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;

/**
 * Hydrates tweet IDs through tweet-service's batch lookup ({@code GET /internal/tweets}), so that a hit shows
 * fresh counts and {@code liked_by_me}, and a tweet deleted since it was indexed is simply absent. The tweets are
 * passed on as tweet-service rendered them: it owns the {@code Tweet} shape.
 */
@Component
class TweetLookup {

    private record Items(List<JsonNode> items) {
    }

    private final RestClient tweetService;

    TweetLookup(SearchProperties properties, ObservationRegistry observations) {
        this.tweetService = InternalServiceClients.create(properties.tweetServiceUrl(), observations);
    }

    List<JsonNode> tweets(List<Long> ids, Long viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            Items found = tweetService.get()
                    .uri(uri -> {
                        uri.path("/internal/tweets").queryParam("ids", idList);
                        if (viewer != null) {
                            uri.queryParam("viewer", viewer);
                        }
                        return uri.build();
                    })
                    .retrieve()
                    .body(Items.class);
            return found == null || found.items() == null ? List.of() : found.items();
        } catch (RestClientException e) {
            throw ApiException.unavailable("Tweets cannot be looked up right now; try again shortly.");
        }
    }
}
