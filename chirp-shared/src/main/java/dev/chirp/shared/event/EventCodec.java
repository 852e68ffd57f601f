package dev.chirp.shared.event;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns events into the JSON envelope of design rule 5 (docs/design-rules.md) and back. The one place that knows event type names
 * and versions. A consumer that meets a type or version it does not know skips it ({@link #decode} is empty),
 * so producers can add event types without breaking older consumers.
 */
public final class EventCodec {

    public static final int VERSION = 1;

    private static final Map<String, Class<? extends ChirpEvent>> TYPES = Map.of(
            UserCreated.TYPE, UserCreated.class,
            UserUpdated.TYPE, UserUpdated.class,
            UserFollowed.TYPE, UserFollowed.class,
            UserUnfollowed.TYPE, UserUnfollowed.class,
            TweetCreated.TYPE, TweetCreated.class,
            TweetDeleted.TYPE, TweetDeleted.class,
            TweetLiked.TYPE, TweetLiked.class,
            TweetUnliked.TYPE, TweetUnliked.class);

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public static String typeOf(ChirpEvent event) {
        return event.getClass().getSimpleName();
    }

    /** Wraps an event in a new envelope with a fresh event ID. */
    public <E extends ChirpEvent> EventEnvelope<E> envelope(E event, Instant occurredAt) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), typeOf(event), VERSION, occurredAt, event);
    }

    public String encode(EventEnvelope<?> envelope) {
        ObjectNode node = json.createObjectNode();
        node.put("event_id", envelope.eventId());
        node.put("type", envelope.type());
        node.put("version", envelope.version());
        node.put("occurred_at", envelope.occurredAt().toString());
        node.set("payload", json.valueToTree(envelope.payload()));
        return json.writeValueAsString(node);
    }

    /** Empty for an event of an unknown type or a newer version; throws only for JSON that is not an envelope. */
    public Optional<EventEnvelope<ChirpEvent>> decode(String text) {
        JsonNode node = json.readTree(text);
        String type = node.path("type").asString(null);
        int version = node.path("version").asInt(0);
        Class<? extends ChirpEvent> payloadType = TYPES.get(type);
        if (payloadType == null || version != VERSION) {
            return Optional.empty();
        }
        if (!node.hasNonNull("event_id") || !node.hasNonNull("occurred_at") || !node.hasNonNull("payload")) {
            throw new IllegalArgumentException("event envelope without event_id, occurred_at or payload");
        }
        ChirpEvent payload = json.treeToValue(node.get("payload"), payloadType);
        return Optional.of(new EventEnvelope<>(node.get("event_id").asString(), type, version,
                Instant.parse(node.get("occurred_at").asString()), payload));
    }
}
