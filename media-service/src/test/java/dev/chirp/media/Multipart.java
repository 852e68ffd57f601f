package dev.chirp.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body built by hand, so tests can send exactly the malformed uploads they need. */
public final class Multipart {

    private final String boundary = "chirp-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public Multipart file(String name, String filename, String contentType, byte[] content) {
        text("--" + boundary + "\r\n");
        text("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n");
        text("Content-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(content);
        text("\r\n");
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body: the parts so far and the closing boundary. */
    public byte[] bytes() {
        ByteArrayOutputStream complete = new ByteArrayOutputStream();
        complete.writeBytes(body.toByteArray());
        complete.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return complete.toByteArray();
    }

    private void text(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
