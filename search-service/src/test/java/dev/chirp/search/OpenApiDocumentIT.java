package dev.chirp.search;

import dev.chirp.search.support.SearchITBase;
import dev.chirp.testsupport.PublicApiDocs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * This service's part of the public OpenAPI document (the gateway merges it): every public call documented, no
 * server-side parameter leaking, fields named as the JSON names them ({@link PublicApiDocs}).
 */
class OpenApiDocumentIT extends SearchITBase {

    @LocalServerPort
    int port;

    @Test
    void everyPublicOperationIsDocumented() {
        PublicApiDocs.fetchAndCheck(port, "search-service");
    }
}
