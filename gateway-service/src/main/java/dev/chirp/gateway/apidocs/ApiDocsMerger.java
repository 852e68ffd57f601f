package dev.chirp.gateway.apidocs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Folds the services' OpenAPI documents into one for the public API: only {@code /api/v1/**} paths (internal
 * endpoints stay private), operations of the same path from different services side by side, and components
 * merged by name (the first definition of a name wins; the services share their DTO names from docs/03-api.md).
 */
final class ApiDocsMerger {

    static final String PUBLIC_PREFIX = "/api/v1/";
    static final String MISSING_SERVICES = "x-chirp-missing-services";

    private final ObjectNode merged = JsonNodeFactory.instance.objectNode();
    private final ObjectNode paths = JsonNodeFactory.instance.objectNode();
    private final ObjectNode components = JsonNodeFactory.instance.objectNode();
    private final ArrayNode tags = JsonNodeFactory.instance.arrayNode();
    private final List<String> missing = new ArrayList<>();

    ApiDocsMerger() {
        merged.put("openapi", "3.1.0");
        ObjectNode info = merged.putObject("info");
        info.put("title", "Chirp public API");
        info.put("version", "v1");
        info.put("description", "Every public endpoint, as served through the gateway; see docs/03-api.md.");
    }

    ApiDocsMerger add(String service, JsonNode document) {
        JsonNode servicePaths = document.path("paths");
        for (Map.Entry<String, JsonNode> path : servicePaths.properties()) {
            if (!path.getKey().startsWith(PUBLIC_PREFIX) || !path.getValue().isObject()) {
                continue;
            }
            ObjectNode operations = paths.has(path.getKey())
                    ? (ObjectNode) paths.get(path.getKey()) : paths.putObject(path.getKey());
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!operations.has(operation.getKey())) {
                    operations.set(operation.getKey(), operation.getValue());
                }
            }
        }
        for (JsonNode tag : document.path("tags")) {
            String name = tag.path("name").asString();
            if (tags.valueStream().noneMatch(known -> known.path("name").asString().equals(name))) {
                tags.add(tag);
            }
        }
        for (Map.Entry<String, JsonNode> section : document.path("components").properties()) {
            if (!section.getValue().isObject()) {
                continue;
            }
            ObjectNode target = components.has(section.getKey())
                    ? (ObjectNode) components.get(section.getKey()) : components.putObject(section.getKey());
            for (Map.Entry<String, JsonNode> definition : section.getValue().properties()) {
                if (!target.has(definition.getKey())) {
                    target.set(definition.getKey(), definition.getValue());
                }
            }
        }
        return this;
    }

    /**
     * Recorded in the document as {@code x-chirp-missing-services} and in a sentence of {@code info.description}, so
     * that a reader (a person in Swagger UI, or a client generator) knows the document is incomplete.
     */
    ApiDocsMerger missing(String service) {
        missing.add(service);
        return this;
    }

    boolean isComplete() {
        return missing.isEmpty();
    }

    ObjectNode document() {
        ObjectNode result = merged.deepCopy();
        result.set("paths", paths.deepCopy());
        result.set("components", components.deepCopy());
        if (!tags.isEmpty()) {
            result.set("tags", tags.deepCopy());
        }
        if (!missing.isEmpty()) {
            ArrayNode names = result.putArray(MISSING_SERVICES);
            missing.forEach(names::add);
            ObjectNode info = (ObjectNode) result.get("info");
            info.put("description", info.path("description").asString() + " INCOMPLETE: "
                    + String.join(", ", missing)
                    + " did not answer, so their endpoints are missing here; the gateway asks again shortly.");
        }
        return result;
    }
}
