package dev.chirp.tweet.posting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.web.SiblingInstances;
import dev.chirp.tweet.TweetProperties;
import dev.chirp.tweet.tweets.Media;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks media-service's internal API ({@code GET /internal/media?ids=}) which media exist and who uploaded them.
 * Nothing about a tweet is written before this answer, so media-service being away is a 503 and no half tweet.
 */
@Component
class MediaClient {

    private final RestClient client;
    private final JsonMapper json;

    /** Boot's builder: it signs calls to {@code /internal/**} with the service credential (chirp-shared). */
    MediaClient(TweetProperties properties, JsonMapper json, RestClient.Builder builder) {
        this.client = new SiblingInstances(properties.media().url())
                .applyTo(builder.clone(), properties.media().connectTimeout(), properties.media().readTimeout())
                .build();
        this.json = json;
    }

    /** Snapshots of {@code ids}, in that order; 400 unless every one exists and was uploaded by {@code ownerId}. */
    List<Media> ownedBy(long ownerId, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, JsonNode> items = fetch(ids);
        List<Media> media = new ArrayList<>(ids.size());
        for (Long id : ids) {
            JsonNode item = items.get(Long.toString(id));
            if (item == null || !Long.toString(ownerId).equals(item.path("owner_id").asString(""))) {
                throw ApiException.invalid("media_ids", "media " + id + " does not exist or was not uploaded by you");
            }
            media.add(new Media(item.path("id").asString(), text(item, "type"), text(item, "content_type"),
                    number(item, "width"), number(item, "height"),
                    item.hasNonNull("size_bytes") ? item.get("size_bytes").asLong() : null,
                    text(item, "url"), text(item, "thumbnail_url")));
        }
        return media;
    }

    private Map<String, JsonNode> fetch(List<Long> ids) {
        String body;
        try {
            body = client.get()
                    .uri(uri -> uri.path("/internal/media").queryParam("ids",
                            ids.stream().map(String::valueOf).collect(Collectors.joining(","))).build())
                    .retrieve().body(String.class);
        } catch (RestClientException e) {
            throw ApiException.unavailable("Media cannot be checked right now; please retry.");
        }
        Map<String, JsonNode> items = new HashMap<>();
        try {
            for (JsonNode item : json.readTree(body == null ? "{}" : body).path("items")) {
                items.put(item.path("id").asString(""), item);
            }
        } catch (JacksonException e) {
            throw ApiException.unavailable("Media cannot be checked right now; please retry.");
        }
        return items;
    }

    private static @Nullable String text(JsonNode item, String field) {
        return item.hasNonNull(field) ? item.get(field).asString() : null;
    }

    private static @Nullable Integer number(JsonNode item, String field) {
        return item.hasNonNull(field) ? item.get(field).asInt() : null;
    }
}
