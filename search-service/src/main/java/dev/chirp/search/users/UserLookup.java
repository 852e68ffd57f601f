package dev.chirp.search.users;

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
 * Hydrates user IDs through user-service's batch lookup ({@code GET /internal/users}), so that counts and
 * {@code followed_by_me} are fresh. Users are passed on as user-service rendered them: it owns the {@code User} shape.
 */
@Component
class UserLookup {

    private record Items(List<JsonNode> items) {
    }

    private final RestClient userService;

    UserLookup(SearchProperties properties, ObservationRegistry observations) {
        this.userService = InternalServiceClients.create(properties.userServiceUrl(), observations);
    }

    List<JsonNode> users(List<Long> ids, Long viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            Items found = userService.get()
                    .uri(uri -> {
                        uri.path("/internal/users").queryParam("ids", idList);
                        if (viewer != null) {
                            uri.queryParam("viewer", viewer);
                        }
                        return uri.build();
                    })
                    .retrieve()
                    .body(Items.class);
            return found == null || found.items() == null ? List.of() : found.items();
        } catch (RestClientException e) {
            throw ApiException.unavailable("Users cannot be looked up right now; try again shortly.");
        }
    }
}
