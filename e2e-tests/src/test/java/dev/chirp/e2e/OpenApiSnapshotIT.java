package dev.chirp.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The document the gateway serves is the checked-in snapshot docs/openapi.json, from which e2e-tests generates its
 * Java client (GeneratedClientIT): a change of the public contract shows up as a diff in review, and the client
 * cannot silently drift from the system. After an intended change, refresh the snapshot with
 * {@code curl -s http://127.0.0.1:8080/v3/api-docs | jq . > docs/openapi.json} (the system running the new code).
 */
class OpenApiSnapshotIT {

    private static final Path SNAPSHOT = Path.of("..", "docs", "openapi.json");

    @Test
    void theServedDocumentIsTheSnapshot() throws IOException {
        // Just after a start a service may not have answered the gateway in time; a partial document is retried.
        JsonNode served = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Chirp.get("/v3/api-docs", null).body(),
                        document -> document != null && !document.has("x-chirp-missing-services"));
        JsonNode snapshot = Chirp.JSON.readTree(Files.readString(SNAPSHOT));

        if (!served.equals(snapshot)) {
            Path copy = Path.of("target", "openapi-served.json");
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, Chirp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served));
        }
        assertThat(differences("", served, snapshot))
                .as("where the served /v3/api-docs (saved as e2e-tests/target/openapi-served.json) differs from "
                        + "docs/openapi.json; refresh the snapshot if the change is intended")
                .isEmpty();
    }

    /** JSON pointers where the two trees differ (object key order does not matter, array order does). */
    private static List<String> differences(String at, JsonNode served, JsonNode snapshot) {
        List<String> found = new ArrayList<>();
        if (served.isObject() && snapshot.isObject()) {
            TreeSet<String> keys = new TreeSet<>(served.propertyNames());
            keys.addAll(snapshot.propertyNames());
            for (String key : keys) {
                String pointer = at + "/" + key.replace("~", "~0").replace("/", "~1");
                if (!served.has(key) || !snapshot.has(key)) {
                    found.add(pointer + (served.has(key) ? " (only served)" : " (only in the snapshot)"));
                } else {
                    found.addAll(differences(pointer, served.get(key), snapshot.get(key)));
                }
            }
        } else if (!served.equals(snapshot)) {
            found.add(at + ": served " + abbreviate(served) + ", snapshot " + abbreviate(snapshot));
        }
        return found.size() > 30 ? found.subList(0, 30) : found;
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
