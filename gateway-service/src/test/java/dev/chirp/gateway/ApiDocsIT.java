package dev.chirp.gateway;

import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/** One OpenAPI document assembled from the services that answer; a stopped one is left out, not fatal. */
class ApiDocsIT extends GatewayITBase {

    @Test
    void mergedDocumentHoldsThePublicPathsOfEveryAnsweringService() {
        client().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openapi").isEqualTo("3.1.0")
                .jsonPath("$.paths['/api/v1/users/{id}'].get.operationId").isEqualTo("getUser")
                .jsonPath("$.paths['/api/v1/tweets/{id}'].get.operationId").isEqualTo("getTweet")
                .jsonPath("$.paths['/api/v1/tweets/{id}'].delete.operationId").isEqualTo("deleteTweet")
                .jsonPath("$.paths['/api/v1/users/{id}/tweets'].get.operationId").isEqualTo("userTweets")
                .jsonPath("$.paths['/internal/users']").doesNotExist()
                .jsonPath("$.components.schemas.User").exists()
                .jsonPath("$.components.schemas.Tweet").exists()
                .jsonPath("$.x-chirp-missing-services").value(hasItem("search-service"));
    }

    /** What the gateway states for every call (GatewayContract), from its own access rules. */
    @Test
    void mergedDocumentStatesSecurityAndTheCommonAnswers() {
        client().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.servers[0].url").isEqualTo("/")
                .jsonPath("$.components.securitySchemes.bearerAuth.scheme").isEqualTo("bearer")
                .jsonPath("$.security[0].bearerAuth").isArray()
                // GET /api/v1/tweets/{id} is public (AuthProperties): a token is optional there
                .jsonPath("$.paths['/api/v1/tweets/{id}'].get.security[0]").isEmpty()
                .jsonPath("$.paths['/api/v1/tweets/{id}'].delete.security").doesNotExist()
                .jsonPath("$.paths['/api/v1/tweets/{id}'].delete.responses['429']['$ref']")
                .isEqualTo("#/components/responses/TooManyRequests")
                .jsonPath("$.components.responses.TooManyRequests.headers['Retry-After']").exists()
                .jsonPath("$.components.schemas.Problem.properties.status").exists()
                // only /internal/users referred to it, and that path is left out
                .jsonPath("$.components.schemas.Users").doesNotExist();
    }

    @Test
    void swaggerUiIsServedAndPointsAtTheMergedDocument() {
        client().get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        client().get().uri("/v3/gateway-api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
    }
}
