package dev.chirp.search.users;

import java.util.List;

import dev.chirp.search.BatchLookupClient;
import dev.chirp.search.SearchProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/** User hits hydrated through user-service, with fresh counts and {@code followed_by_me}. */
@Component
class UserHitClient {

    private final BatchLookupClient userService;

    UserHitClient(SearchProperties properties, RestClient.Builder builder) {
        this.userService = new BatchLookupClient(properties.userServiceUrl(), "/internal/users", "Users", builder);
    }

    List<JsonNode> users(List<Long> ids, Long viewer) {
        return userService.find(ids, viewer);
    }
}
