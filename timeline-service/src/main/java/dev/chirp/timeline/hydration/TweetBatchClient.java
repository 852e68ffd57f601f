package dev.chirp.timeline.hydration;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.BatchIds;
import dev.chirp.shared.web.DegradedHeader;
import dev.chirp.shared.web.SiblingInstances;
import dev.chirp.timeline.TimelineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;

/**
 * Turns tweet IDs into API {@code Tweet}s with one call to tweet-service's internal batch lookup
 * ({@code GET /internal/tweets?ids=…&viewer=…}, at most 100 IDs). Deleted and unknown tweets are simply absent.
 * The Tweet JSON is passed through untouched: tweet-service owns its shape.
 */
@Component
public class TweetBatchClient {

    public static final int MAX_IDS = BatchIds.MAX;
    private static final Logger log = LoggerFactory.getLogger(TweetBatchClient.class);

    private final RestClient client;

    TweetBatchClient(RestClient.Builder builder, TimelineProperties properties) {
        TimelineProperties.TweetService service = properties.tweetService();
        this.client = new SiblingInstances(service.baseUrl())
                .applyTo(builder.clone(), service.connectTimeout(), service.readTimeout())
                .build();
    }

    /**
     * The tweets that still exist, by ID, as seen by {@code viewerId}, and what tweet-service said the answer lacks
     * (its {@code Chirp-Degraded} parts: it serves what its caches hold while Cassandra is away). 503 when
     * tweet-service cannot answer.
     */
    public Hydrated hydrate(Collection<Long> ids, long viewerId) {
        return lookup(ids, Optional.of(viewerId));
    }

    /** Tweets by ID, and the {@link DegradedHeader} parts they lack (empty when complete). */
    public record Hydrated(Map<Long, JsonNode> tweets, Set<String> degraded) {
    }

    /**
     * The tweets as anyone sees them ({@code liked_by_me} false): one answer that many viewers can share, as the
     * live stream does with a tweet it pushes to many users.
     */
    public Map<Long, JsonNode> hydrateForAnyone(Collection<Long> ids) {
        return lookup(ids, Optional.empty()).tweets();
    }

    private Hydrated lookup(Collection<Long> ids, Optional<Long> viewerId) {
        if (ids.isEmpty()) {
            return new Hydrated(Map.of(), Set.of());
        }
        if (ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " IDs per lookup");
        }
        String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        ResponseEntity<JsonNode> answer;
        try {
            answer = client.get().uri(uri -> uri.path("/internal/tweets").queryParam("ids", idList)
                            .queryParamIfPresent("viewer", viewerId).build())
                    .retrieve().toEntity(JsonNode.class);
        } catch (RestClientException e) {
            log.warn("tweet-service lookup failed: {}", e.toString());
            throw ApiException.unavailable("Tweets cannot be loaded right now; try again shortly.");
        }
        Map<Long, JsonNode> tweets = new HashMap<>();
        JsonNode body = answer.getBody();
        if (body != null) {
            for (JsonNode tweet : body.path("items")) {
                ChirpIds.parse(tweet.path("id").asString("")).ifPresent(id -> tweets.put(id, tweet));
            }
        }
        return new Hydrated(tweets, DegradedHeader.parse(answer.getHeaders().getFirst(DegradedHeader.NAME)));
    }
}
