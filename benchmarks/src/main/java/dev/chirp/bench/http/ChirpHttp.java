package dev.chirp.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Blocking JSON calls for setting a world up (seed, bench preparation), with a few retries for the failures a busy
 * machine produces (connection errors, 429, 5xx). Load itself goes through {@link #client()} asynchronously.
 */
public final class ChirpHttp {

    /** A response: status and parsed body (a missing node when the body is empty or not JSON). */
    public record Reply(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text(String field) {
            return body.path(field).asString("");
        }

        public IllegalStateException failure(String what) {
            return new IllegalStateException(what + " answered " + status + ": " + body);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 4;

    private final HttpClient client;
    private final JsonMapper json = JsonMapper.builder().build();

    public ChirpHttp() {
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "http-client");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .executor(executor)
                .build();
    }

    public HttpClient client() {
        return client;
    }

    public JsonMapper json() {
        return json;
    }

    public static HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public Reply get(String url, String token) {
        return send(request(url, token).GET().build());
    }

    /** A JSON call; {@code body} is serialised with Jackson (null: no body). */
    public Reply call(String method, String url, String token, Object body, String idempotencyKey) {
        HttpRequest.Builder builder = request(url, token);
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        return send(builder.build());
    }

    /** {@code multipart/form-data} with one part {@code file}, as media-service expects. */
    public Reply upload(String url, String token, String filename, String contentType, byte[] bytes) {
        return send(multipart(url, token, filename, contentType, bytes));
    }

    /** The upload request of {@link #upload}, for sending it under load. */
    public static HttpRequest multipart(String url, String token, String filename, String contentType, byte[] bytes) {
        String boundary = "chirp-bench-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length + 256);
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request(url, token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    /** Sends, retrying connection failures, 429 and 5xx with a growing pause; the last answer is returned. */
    public Reply send(HttpRequest request) {
        IOException lastError = null;
        Reply last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                last = new Reply(response.statusCode(), parse(response.body()));
                if (last.status() != 429 && last.status() < 500) {
                    return last;
                }
            } catch (IOException e) {
                lastError = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(attempt);
        }
        if (last != null) {
            return last;
        }
        throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + lastError, lastError);
    }

    public JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (RuntimeException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(250L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
