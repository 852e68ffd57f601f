package dev.chirp.gateway.apidocs;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.chirp.gateway.auth.PathRules;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the merged document says about every call because the gateway does it for every call (docs/03-api.md,
 * "Behaviour notes"): bearer tokens (public calls marked with an empty security requirement: a token is optional
 * there), the RFC 9457 problem body of every error, 401 for an invalid token, 429 with {@code Retry-After} and the
 * {@code X-RateLimit-*} headers, 503 when a service is down, 413 for a JSON body over the limit, cursor paging.
 * The services document only what is theirs (summaries, their own 4xx; chirp-shared's {@code OperationDocs}).
 * Finally, schemas nothing refers to any more (those of the internal endpoints left out) are dropped.
 */
final class GatewayContract {

    static final String BEARER = "bearerAuth";
    private static final String PROBLEM = "application/problem+json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PathRules publicRules;
    private final List<URI> servers;

    GatewayContract(PathRules publicRules, List<URI> servers) {
        this.publicRules = publicRules;
        this.servers = servers;
    }

    void applyTo(ObjectNode document) {
        ArrayNode serverList = document.putArray("servers");
        for (URI server : servers) {
            serverList.addObject().put("url", server.toString()).put("description", "The Chirp gateway (\"/\": the one that served this document)");
        }
        document.putArray("security").addObject().putArray(BEARER);
        ObjectNode components = document.has("components") ? (ObjectNode) document.get("components")
                : document.putObject("components");
        addComponents(components);
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey()) && operation.getValue().isObject()) {
                    decorate(path.getKey(), operation.getKey(), (ObjectNode) operation.getValue());
                }
            }
        }
        dropUnreferencedSchemas(document);
    }

    private void decorate(String path, String method, ObjectNode operation) {
        if (isPublic(method, path)) {
            ArrayNode security = operation.putArray("security");
            security.addObject();
            security.addObject().putArray(BEARER);
        }
        ObjectNode responses = operation.has("responses") ? (ObjectNode) operation.get("responses")
                : operation.putObject("responses");
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
            if (!response.getValue().isObject() || response.getValue().has("$ref")) {
                continue;
            }
            ObjectNode answer = (ObjectNode) response.getValue();
            char kind = response.getKey().charAt(0);
            if (kind == '4' || kind == '5') {
                if (!answer.has("content")) {
                    answer.putObject("content").putObject(PROBLEM).putObject("schema")
                            .put("$ref", "#/components/schemas/Problem");
                }
                if (response.getKey().equals("429") || response.getKey().equals("503")) {
                    headers(answer).putObject("Retry-After").put("$ref", "#/components/headers/Retry-After");
                }
            } else {
                ObjectNode headers = headers(answer);
                for (String header : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-Request-Id")) {
                    headers.putObject(header).put("$ref", "#/components/headers/" + header);
                }
            }
        }
        addIfAbsent(responses, "401", "Unauthorized");
        addIfAbsent(responses, "429", "TooManyRequests");
        addIfAbsent(responses, "503", "ServiceUnavailable");
        if (operation.at("/requestBody/content").has("application/json")) {
            addIfAbsent(responses, "413", "PayloadTooLarge");
            addIfAbsent(responses, "415", "UnsupportedMediaType");
        }
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        responses.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        responses.removeAll();
        sorted.forEach(responses::set);
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.isObject() && "query".equals(parameter.path("in").asString())) {
                describePaging((ObjectNode) parameter);
            }
        }
    }

    private boolean isPublic(String method, String path) {
        // Any value stands in for a path variable: the rules match on the shape of the path ("/users/*").
        String concrete = path.replaceAll("\\{[^}/]+}", "1");
        return publicRules.isPublic(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
                PathContainer.parsePath(concrete));
    }

    private static void describePaging(ObjectNode parameter) {
        String name = parameter.path("name").asString();
        if (name.equals("limit")) {
            parameter.put("description", "Items per page, 1..100 (default 20 unless the call says otherwise).");
            ((ObjectNode) parameter.get("schema")).put("minimum", 1).put("maximum", 100);
        } else if (name.equals("cursor")) {
            parameter.put("description", "The next_cursor of the previous page, as it was (opaque). Absent for the "
                    + "first page; a page may be short, even empty, and still have a next_cursor: only a null "
                    + "next_cursor is the end.");
        }
    }

    private static ObjectNode headers(ObjectNode answer) {
        return answer.has("headers") ? (ObjectNode) answer.get("headers") : answer.putObject("headers");
    }

    private static void addIfAbsent(ObjectNode responses, String status, String component) {
        if (!responses.has(status)) {
            responses.putObject(status).put("$ref", "#/components/responses/" + component);
        }
    }

    private static void addComponents(ObjectNode components) {
        ObjectNode schemes = object(components, "securitySchemes");
        schemes.putObject(BEARER).put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "The access_token of POST /api/v1/auth/signup or /login, as "
                        + "`Authorization: Bearer <token>`. Optional on public calls (they personalise with it), "
                        + "but an invalid token is a 401 there too.");

        ObjectNode schemas = object(components, "schemas");
        ObjectNode problem = schemas.putObject("Problem");
        problem.put("type", "object").put("description", "RFC 9457 problem details: the body of every 4xx and 5xx.");
        problem.putArray("required").add("type").add("title").add("status");
        ObjectNode fields = problem.putObject("properties");
        fields.putObject("type").put("type", "string").put("format", "uri")
                .put("description", "Stable; clients may switch on it (https://chirp.dev/problems/...).");
        fields.putObject("title").put("type", "string");
        fields.putObject("status").put("type", "integer").put("format", "int32");
        fields.putObject("detail").put("type", "string");
        fields.putObject("instance").put("type", "string");
        ObjectNode fieldError = fields.putObject("errors");
        fieldError.put("type", "array").put("description", "Validation failures only: which field, and why.");
        ObjectNode item = fieldError.putObject("items");
        item.put("type", "object");
        ObjectNode itemFields = item.putObject("properties");
        itemFields.putObject("field").put("type", "string");
        itemFields.putObject("message").put("type", "string");

        ObjectNode headers = object(components, "headers");
        header(headers, "X-RateLimit-Limit", "integer", "Capacity of the rate-limit bucket this request drew from.");
        header(headers, "X-RateLimit-Remaining", "integer", "Requests left in that bucket.");
        header(headers, "Retry-After", "integer", "Whole seconds to wait before retrying: on a 429 until the bucket "
                + "has a request again, on a 503 until the service or its store is likely back.");
        header(headers, "X-Request-Id", "string", "This request's ID (the client's, if sane, else a new one).");

        ObjectNode responses = object(components, "responses");
        problemResponse(responses, "Unauthorized", "No token where one is needed, or an invalid token.");
        ObjectNode tooMany = problemResponse(responses, "TooManyRequests",
                "Rate limited: the bucket for this kind of request is empty (docs/03-api.md, Rate limits).");
        ObjectNode tooManyHeaders = tooMany.putObject("headers");
        for (String header : List.of("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining")) {
            tooManyHeaders.putObject(header).put("$ref", "#/components/headers/" + header);
        }
        ObjectNode unavailable = problemResponse(responses, "ServiceUnavailable",
                "The service, or a dependency it cannot work without, is unavailable; nothing was written.");
        unavailable.putObject("headers").putObject("Retry-After").put("$ref", "#/components/headers/Retry-After");
        problemResponse(responses, "PayloadTooLarge", "The JSON body is over 64 KiB.");
        problemResponse(responses, "UnsupportedMediaType", "The body is not application/json.");
    }

    private static ObjectNode problemResponse(ObjectNode responses, String name, String description) {
        ObjectNode response = responses.putObject(name);
        response.put("description", description);
        response.putObject("content").putObject(PROBLEM).putObject("schema")
                .put("$ref", "#/components/schemas/Problem");
        return response;
    }

    private static void header(ObjectNode headers, String name, String type, String description) {
        ObjectNode header = headers.putObject(name);
        header.put("description", description);
        header.putObject("schema").put("type", type);
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.has(name) ? (ObjectNode) parent.get(name) : parent.putObject(name);
    }

    /** Keeps the schemas reachable from the paths (directly or through other components); drops the rest. */
    private static void dropUnreferencedSchemas(ObjectNode document) {
        ObjectNode schemas = (ObjectNode) document.at("/components/schemas");
        Set<String> reachable = new HashSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.add(document.path("paths"));
        pending.add(document.at("/components/responses"));
        pending.add(document.at("/components/headers"));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                JsonNode ref = node.get("$ref");
                if (ref != null && ref.isString() && ref.asString().startsWith("#/components/schemas/")) {
                    String name = ref.asString().substring("#/components/schemas/".length());
                    if (reachable.add(name) && schemas.has(name)) {
                        pending.add(schemas.get(name));
                    }
                }
                node.values().forEach(pending::add);
            } else if (node.isArray()) {
                node.values().forEach(pending::add);
            }
        }
        List<String> unused = new ArrayList<>();
        schemas.propertyNames().forEach(name -> {
            if (!reachable.contains(name)) {
                unused.add(name);
            }
        });
        unused.forEach(schemas::remove);
    }
}
