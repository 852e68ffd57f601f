package dev.chirp.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.chirp.bench.Endpoints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few Elasticsearch calls the search bench makes itself (index counts, scratch indexes, a raw bulk), over plain
 * HTTP at {@link Endpoints#ELASTICSEARCH}; no retries: a failure is an answer to report.
 */
public final class ElasticsearchRest {

    /** A bulk request's outcome: its items and how many of them Elasticsearch refused. */
    public record Bulk(int items, int failed) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ChirpHttp http;

    public ElasticsearchRest(ChirpHttp http) {
        this.http = http;
    }

    /** Documents in {@code index}; a missing index holds none. */
    public long count(String index) {
        HttpResponse<byte[]> response = send("GET", index, "/_count", null);
        if (response.statusCode() == 404) {
            return 0;
        }
        return ok(response, "_count of " + index).path("count").asLong();
    }

    /**
     * Bytes on disk per document of {@code index}, primaries only ({@code GET /<index>/_stats/store,docs}); 0 for an
     * empty or missing index. On a small index segment overhead weighs more, so this is an upper bound.
     */
    public double bytesPerDocument(String index) {
        HttpResponse<byte[]> response = send("GET", index, "/_stats/store,docs", null);
        if (response.statusCode() == 404) {
            return 0;
        }
        JsonNode primaries = ok(response, "_stats of " + index).path("_all").path("primaries");
        long docs = primaries.path("docs").path("count").asLong();
        return docs == 0 ? 0 : (double) primaries.path("store").path("size_in_bytes").asLong() / docs;
    }

    /** The {@code mappings} object of an existing index, as {@code GET /<index>/_mapping} shows it. */
    public JsonNode mappings(String index) {
        return ok(send("GET", index, "/_mapping", null), "_mapping of " + index).path(index).path("mappings");
    }

    /** Creates {@code index} with one shard, no replica and a 500 ms refresh (search-service's default). */
    public void create(String index, JsonNode mappings) {
        ObjectNode body = http.json().createObjectNode();
        body.putObject("settings").putObject("index").put("number_of_shards", 1).put("number_of_replicas", 0)
                .put("refresh_interval", "500ms");
        body.set("mappings", mappings);
        ok(send("PUT", index, "", http.json().writeValueAsBytes(body)), "creating " + index);
    }

    /** One {@code _bulk} request of newline-delimited actions and documents. */
    public Bulk bulk(byte[] ndjson) {
        JsonNode answer = ok(send("POST", null, "_bulk", ndjson), "_bulk");
        int failed = 0;
        for (JsonNode item : answer.path("items")) {
            // {"index": {"_id": …, "status": 201}}: one action name, one result
            if (item.values().stream().anyMatch(result -> result.path("status").asInt(500) >= 300)) {
                failed++;
            }
        }
        return new Bulk(answer.path("items").size(), failed);
    }

    /** Deletes {@code index} by its exact name (wildcards may be refused); false when there was none. */
    public boolean delete(String index) {
        HttpResponse<byte[]> response = send("DELETE", index, "", null);
        if (response.statusCode() == 404) {
            return false;
        }
        ok(response, "deleting " + index);
        return true;
    }

    private JsonNode ok(HttpResponse<byte[]> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Elasticsearch " + what + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return http.parse(response.body());
    }

    /** {@code index} (URL-encoded) and then {@code path}; a null index for cluster-level calls such as _bulk. */
    private HttpResponse<byte[]> send(String method, String index, String path, byte[] body) {
        String url = Endpoints.ELASTICSEARCH + "/" + (index == null ? "" : URLEncoder.encode(index,
                StandardCharsets.UTF_8)) + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", index == null ? "application/x-ndjson" : "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            return http.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("Elasticsearch at " + Endpoints.ELASTICSEARCH + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
