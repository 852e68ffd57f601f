package dev.chirp.search.users;

import java.util.List;

import dev.chirp.search.BatchLookup;
import dev.chirp.search.SearchProperties;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** User hits hydrated through user-service, with fresh counts and {@code followed_by_me}. */
@Component
class UserLookup {

    private final BatchLookup userService;

    UserLookup(SearchProperties properties, ObservationRegistry observations) {
        this.userService = new BatchLookup(properties.userServiceUrl(), "/internal/users", "Users", observations);
    }

    List<JsonNode> users(List<Long> ids, Long viewer) {
        return userService.find(ids, viewer);
    }
}
