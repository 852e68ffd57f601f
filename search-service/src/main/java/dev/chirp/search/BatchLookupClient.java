package dev.chirp.search;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import dev.chirp.shared.error.ApiException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;

/**
 * One sibling service's batch lookup ({@code GET /internal/<things>?ids=…&viewer=…}, the internal contract): hits
 * become what their owner renders now, so counts and per-viewer flags are fresh and a thing deleted since it was
 * indexed is simply absent. Items are passed on as the owner rendered them: it owns their shape.
 */
public final class BatchLookupClient {

    private record Items(List<JsonNode> items) {
    }

    private final RestClient owner;
    private final String path;
    private final String things;

    /**
     * @param instances the owner's instances (base URLs), taken in turn
     * @param path   e.g. {@code /internal/tweets}
     * @param things what is looked up, for the 503 detail, e.g. {@code Tweets}
     * @param builder Boot's builder (it signs the call with the service credential)
     */
    public BatchLookupClient(List<URI> instances, String path, String things, RestClient.Builder builder) {
        this.owner = InternalServiceClients.create(instances, builder);
        this.path = path;
        this.things = things;
    }

    /** The items found, in the order asked; a 503 when the owner cannot answer. */
    public List<JsonNode> find(List<Long> ids, Long viewer) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            Items found = owner.get()
                    .uri(uri -> {
                        uri.path(path).queryParam("ids", idList);
                        if (viewer != null) {
                            uri.queryParam("viewer", viewer);
                        }
                        return uri.build();
                    })
                    .retrieve()
                    .body(Items.class);
            return found == null || found.items() == null ? List.of() : found.items();
        } catch (RestClientException e) {
            throw ApiException.unavailable(things + " cannot be looked up right now; try again shortly.");
        }
    }
}
