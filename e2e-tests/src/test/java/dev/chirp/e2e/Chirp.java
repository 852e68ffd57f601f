package dev.chirp.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A REST client of the public API at the gateway, as any client would use it: JSON over HTTP, a bearer token,
 * nothing else. The base URL comes from {@code chirp.e2e.base-url} (default the local gateway).
 */
final class Chirp {

    static final String BASE = System.getProperty("chirp.e2e.base-url", "http://127.0.0.1:8080");
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    record Reply(int status, JsonNode body, HttpResponse<byte[]> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }
    }

    /** A signed-up user of this run: handle, ID and token. */
    record Account(String id, String handle, String token) {
    }

    static {
        // Polling for asynchronous effects must not eat the read bucket of the gateway's rate limiter.
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(300));
    }

    private Chirp() {
    }

    /** A handle unique to this run: 3..15 of [A-Za-z0-9_]. */
    static String handle(String name) {
        return (name + "_" + UUID.randomUUID().toString().replace("-", "")).substring(0, 15);
    }

    static Account signup(String name) {
        String handle = handle(name);
        Reply reply = post("/api/v1/auth/signup", null, """
                {"handle": "%s", "email": "%s@e2e.example", "password": "correct horse battery", "display_name": "%s"}
                """.formatted(handle, handle.toLowerCase(), name));
        if (reply.status() != 201) {
            throw new AssertionError("signup failed: " + reply.status() + " " + reply.text());
        }
        return new Account(reply.body().get("user").get("id").asString(), handle,
                reply.body().get("access_token").asString());
    }

    static Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    static Reply post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Reply put(String path, String token) {
        return send(request(path, token).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    static Reply patch(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    static Reply delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    static Reply upload(String token, String filename, byte[] bytes) {
        String boundary = "chirp" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/api/v1/media", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    static Reply getAbsolute(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    static HttpClient http() {
        return HTTP;
    }

    static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = null;
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.body().length > 0 && type.contains("json")) {
                body = JSON.readTree(response.body());
            }
            return new Reply(response.statusCode(), body, response);
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }
}
