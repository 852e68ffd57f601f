package dev.chirp.timeline;

import java.util.Optional;

import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decodes a consumed record for every listener of this service. A record that is not an event envelope is a
 * poison message: it is logged and skipped (an empty result), so it cannot block its partition; unknown event
 * types are skipped silently (newer producers).
 */
@Component
public class IncomingEvents {

    private static final Logger log = LoggerFactory.getLogger(IncomingEvents.class);

    private final EventCodec codec;

    IncomingEvents(EventCodec codec) {
        this.codec = codec;
    }

    public Optional<EventEnvelope<ChirpEvent>> read(String topic, String json) {
        try {
            return codec.decode(json);
        } catch (RuntimeException e) {
            log.error("Skipping a record on {} that is not a readable event: {}", topic, e.toString());
            return Optional.empty();
        }
    }
}
