package dev.chirp.timeline;

import dev.chirp.testsupport.PublicApiDocs;
import org.junit.jupiter.api.Test;

/**
 * This service's part of the public OpenAPI document (the gateway merges it): every public call documented, no
 * server-side parameter leaking, fields named as the JSON names them ({@link PublicApiDocs}).
 */
class OpenApiDocumentIT extends TimelineITBase {

    @Test
    void everyPublicOperationIsDocumented() {
        PublicApiDocs.fetchAndCheck(port, "timeline-service");
    }
}
