package dev.chirp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a service's own {@code /v3/api-docs}, the part the gateway merges into the public document: every public
 * operation has a summary, a description and a tag (its service's {@code OperationDocs}), no parameter leaks the
 * server-side {@code Caller}, and schemas name their fields as the JSON does (snake_case). A copy is written to
 * {@code target/openapi/} for a look, or for linting the pieces by hand.
 */
public final class PublicApiDocs {

    private PublicApiDocs() {
    }

    public static JsonNode fetchAndCheck(int port, String service) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /v3/api-docs answered " + response.statusCode() + ": " + response.body());
            }
            Path copy = Path.of("target", "openapi", service + ".json");
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, response.body());
            JsonNode document = new ObjectMapper().readTree(response.body());
            check(document);
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void check(JsonNode document) {
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                operations++;
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = operation.getValue();
                for (String field : List.of("summary", "description", "operationId")) {
                    if (op.path(field).asText().isBlank()) {
                        problems.add(name + " has no " + field);
                    }
                }
                if (op.path("tags").size() != 1) {
                    problems.add(name + " has tags " + op.path("tags"));
                }
                for (JsonNode parameter : op.path("parameters")) {
                    if (parameter.path("name").asText().equals("caller")) {
                        problems.add(name + " documents the server-side Caller as a parameter");
                    }
                }
            }
        }
        for (Map.Entry<String, JsonNode> schema : document.at("/components/schemas").properties()) {
            for (String property : iterable(schema.getValue().path("properties").fieldNames())) {
                if (!property.equals(property.toLowerCase())) {
                    problems.add("schema " + schema.getKey() + " names a field " + property + " (not snake_case)");
                }
            }
        }
        if (operations == 0) {
            problems.add("no public operation at all");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The service's OpenAPI document:\n  " + String.join("\n  ", problems));
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
