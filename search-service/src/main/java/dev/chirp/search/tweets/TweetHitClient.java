package dev.chirp.search.tweets;

import java.util.List;

import dev.chirp.search.BatchLookupClient;
import dev.chirp.search.SearchProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/** Tweet hits hydrated through tweet-service, with fresh counts and {@code liked_by_me}. */
@Component
class TweetHitClient {

    private final BatchLookupClient tweetService;

    TweetHitClient(SearchProperties properties, RestClient.Builder builder) {
        this.tweetService = new BatchLookupClient(properties.tweetServiceUrl(), "/internal/tweets", "Tweets", builder);
    }

    List<JsonNode> tweets(List<Long> ids, Long viewer) {
        return tweetService.find(ids, viewer);
    }
}
