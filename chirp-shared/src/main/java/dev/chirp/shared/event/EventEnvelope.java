package dev.chirp.shared.event;

import java.time.Instant;

/**
 * The metadata of every event on the wire: {@code {event_id, type, version, occurred_at, payload}}.
 * Consumers deduplicate by {@code eventId}.
 */
public record EventEnvelope<E extends ChirpEvent>(String eventId, String type, int version, Instant occurredAt,
                                                  E payload) {
}
