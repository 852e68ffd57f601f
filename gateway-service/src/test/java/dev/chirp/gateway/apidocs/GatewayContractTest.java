package dev.chirp.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import dev.chirp.gateway.auth.PathRules;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class GatewayContractTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final GatewayContract contract = new GatewayContract(
            new PathRules(List.of("GET /api/v1/tweets/*"), List.of()), List.of(URI.create("https://chirp.test")));

    private ObjectNode apply(String document) {
        ObjectNode node = (ObjectNode) json.readTree(document);
        contract.applyTo(node);
        return node;
    }

    @Test
    void publicCallsTakeATokenOptionallyAndTheOthersNeedOne() {
        JsonNode document = apply("""
                {"paths":{"/api/v1/tweets/{id}":{"get":{"responses":{"200":{"description":"ok"}}},
                                                  "delete":{"responses":{"204":{"description":"gone"}}}}}}""");

        assertThat(document.at("/security/0/bearerAuth").isArray()).isTrue();
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
        assertThat(document.at("/paths/~1api~1v1~1tweets~1{id}/get/security").toString())
                .isEqualTo("[{},{\"bearerAuth\":[]}]");
        assertThat(document.at("/paths/~1api~1v1~1tweets~1{id}/delete").has("security")).isFalse();
        assertThat(document.at("/servers/0/url").asString()).isEqualTo("https://chirp.test");
    }

    @Test
    void everyErrorIsAProblemAndEveryCallCanBeRateLimited() {
        JsonNode document = apply("""
                {"paths":{"/api/v1/tweets":{"post":{
                    "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Req"}}}},
                    "responses":{"201":{"description":"made"},"400":{"description":"bad text"}}}}},
                 "components":{"schemas":{"Req":{"type":"object"},"Internal":{"type":"object"}}}}""");
        JsonNode responses = document.at("/paths/~1api~1v1~1tweets/post/responses");

        assertThat(responses.propertyNames()).containsExactly("201", "400", "401", "413", "415", "429", "503");
        assertThat(responses.at("/400/content/application~1problem+json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(responses.at("/400/description").asString()).isEqualTo("bad text");
        assertThat(responses.at("/429/$ref").asString()).isEqualTo("#/components/responses/TooManyRequests");
        assertThat(document.at("/components/responses/TooManyRequests/headers").has("Retry-After")).isTrue();
        assertThat(document.at("/components/responses/ServiceUnavailable/headers").has("Retry-After")).isTrue();
        assertThat(responses.at("/201/headers").has("X-RateLimit-Remaining")).isTrue();
        assertThat(document.at("/components/schemas").propertyNames())
                .contains("Req", "Problem").doesNotContain("Internal");
    }

    @Test
    void pagingParametersAreDescribed() {
        JsonNode document = apply("""
                {"paths":{"/api/v1/tweets/{id}/replies":{"get":{"parameters":[
                    {"name":"limit","in":"query","schema":{"type":"integer"}},
                    {"name":"cursor","in":"query","schema":{"type":"string"}}]}}}}""");
        JsonNode parameters = document.at("/paths/~1api~1v1~1tweets~1{id}~1replies/get/parameters");

        assertThat(parameters.at("/0/schema/maximum").asInt()).isEqualTo(100);
        assertThat(parameters.at("/1/description").asString()).contains("next_cursor");
    }
}
