package dev.chirp.search.tweets;

import java.util.List;

import dev.chirp.search.BatchLookup;
import dev.chirp.search.SearchProperties;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Tweet hits hydrated through tweet-service, with fresh counts and {@code liked_by_me}. */
@Component
class TweetLookup {

    private final BatchLookup tweetService;

    TweetLookup(SearchProperties properties, ObservationRegistry observations) {
        this.tweetService = new BatchLookup(properties.tweetServiceUrl(), "/internal/tweets", "Tweets", observations);
    }

    List<JsonNode> tweets(List<Long> ids, Long viewer) {
        return tweetService.find(ids, viewer);
    }
}
