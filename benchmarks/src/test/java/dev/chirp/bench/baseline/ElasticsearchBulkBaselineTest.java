package dev.chirp.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ElasticsearchBulkBaselineTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aBulkBodyIsOneIndexActionAndOneTweetDocumentPerLine() {
        byte[] body = ElasticsearchBulkBaseline.bulkBody(json, "bench-bulk-x", 1_000, 50, new SplittableRandom(7));
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();

        assertThat(text).endsWith("\n");
        assertThat(lines).hasSize(100);
        JsonNode action = json.readTree(lines.get(0)).path("index");
        assertThat(action.path("_index").asString()).isEqualTo("bench-bulk-x");
        assertThat(action.path("_id").asString()).isEqualTo("1000");
        assertThat(json.readTree(lines.get(98)).path("index").path("_id").asString()).isEqualTo("1049");
        // Only fields of search-service's tweet mapping, which is strict.
        Set<String> mapped = Set.of("id", "text", "author_id", "author_handle", "hashtags", "created_at", "location");
        for (int i = 1; i < lines.size(); i += 2) {
            JsonNode document = json.readTree(lines.get(i));
            assertThat(document.propertyNames()).isSubsetOf(mapped).contains("id", "text", "created_at");
            document.path("hashtags").values().forEach(tag ->
                    assertThat(document.path("text").asString()).contains("#" + tag.asString()));
        }
    }
}
