package dev.chirp.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ApiDocsMergerTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void keepsOnlyPublicPathsAndMergesOperationsAndComponents() {
        JsonNode users = json.readTree("""
                {"paths":{"/api/v1/users/{id}":{"get":{"operationId":"a"}},"/internal/users":{"get":{}},
                          "/api/v1/shared":{"get":{"operationId":"first"}}},
                 "components":{"schemas":{"User":{"type":"object"},"Problem":{"title":"from users"}}}}""");
        JsonNode tweets = json.readTree("""
                {"paths":{"/api/v1/shared":{"get":{"operationId":"second"},"post":{"operationId":"p"}},
                          "/actuator/health":{"get":{}}},
                 "components":{"schemas":{"Tweet":{"type":"object"},"Problem":{"title":"from tweets"}},
                               "securitySchemes":{"bearer":{"type":"http"}}}}""");

        JsonNode merged = new ApiDocsMerger().add("user", users).add("tweet", tweets).missing("search")
                .document();

        assertThat(merged.path("paths").propertyNames()).containsExactlyInAnyOrder("/api/v1/users/{id}",
                "/api/v1/shared");
        assertThat(merged.at("/paths/~1api~1v1~1shared/get/operationId").asString()).isEqualTo("first");
        assertThat(merged.at("/paths/~1api~1v1~1shared/post/operationId").asString()).isEqualTo("p");
        assertThat(merged.at("/components/schemas/Problem/title").asString()).isEqualTo("from users");
        assertThat(merged.at("/components/schemas/Tweet").isObject()).isTrue();
        assertThat(merged.at("/components/securitySchemes/bearer").isObject()).isTrue();
        assertThat(merged.path("x-chirp-missing-services").get(0).asString()).isEqualTo("search");
        assertThat(merged.at("/info/description").asString()).contains("INCOMPLETE: search did not answer");
    }

    @Test
    void toleratesDocumentsWithoutPathsOrComponents() {
        JsonNode merged = new ApiDocsMerger().add("odd", json.readTree("{\"openapi\":\"3.0.1\"}")).document();
        assertThat(merged.path("paths").isEmpty()).isTrue();
        assertThat(merged.has("x-chirp-missing-services")).isFalse();
        assertThat(merged.at("/info/description").asString()).doesNotContain("INCOMPLETE");
    }
}
