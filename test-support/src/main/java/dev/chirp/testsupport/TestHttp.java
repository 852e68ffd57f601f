package dev.chirp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the service under test on 127.0.0.1, the one helper every module's IT base calls through: a
 * user's {@code Authorization} value (e.g. {@link TestTokens#bearer(long)}) or a sibling's service credential, a JSON
 * or raw body, and an answer whose status, headers and body (as text, bytes or JSON) a test reads directly.
 */
public final class TestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;

    public TestHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** The service's address for {@code pathAndQuery}, written exactly as given. */
    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    /** @param authorization the whole header value, or null for none */
    public Response get(String path, String authorization) {
        return call("GET", path, authorization, null, Map.of());
    }

    /** A GET of an internal endpoint as a sibling service makes it: with the service credential. */
    public Response getInternal(String path) {
        return getInternal(path, TestServiceTokens.forCall("GET", path));
    }

    public Response getInternal(String path, String serviceToken) {
        return call("GET", path, null, null, Map.of(TestServiceTokens.HEADER, serviceToken));
    }

    public Response delete(String path, String authorization) {
        return call("DELETE", path, authorization, null, Map.of());
    }

    public Response put(String path, String authorization) {
        return call("PUT", path, authorization, null, Map.of());
    }

    /** @param headers more headers, as name, value, name, value… */
    public Response postJson(String path, String json, String authorization, String... headers) {
        Map<String, String> more = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            more.put(headers[i], headers[i + 1]);
        }
        return call("POST", path, authorization, json, more);
    }

    public Response post(String path, String contentType, byte[] body, String authorization) {
        return send(request(path, authorization).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * Any method; {@code json} null sends no body (and no {@code Content-Type}).
     *
     * @param authorization the whole header value, or null for none
     */
    public Response call(String method, String path, String authorization, String json, Map<String, String> headers) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
        HttpRequest.Builder request = request(path, authorization).method(method, body);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request);
    }

    /**
     * A request the methods above do not build, sent the same way; its URI may point anywhere (media-service's
     * UploadIT follows a redirect to S3 with it).
     */
    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    /** An answer: status, headers and the body, read as text, bytes or JSON. */
    public record Response(int status, byte[] bytes, HttpHeaders headers) {

        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The body as JSON; an empty body reads as an empty object. */
        public JsonNode json() {
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }

        /** A top-level field of the JSON body as text; null when it is absent or JSON null. */
        public String textOf(String field) {
            JsonNode value = json().get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }
}
