package dev.chirp.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused upload gets its documented status as problem+json and stores nothing at all. */
class RefusedUploadIT extends MediaServiceIT {

    private static final long OWNER = 2002;
    private static final int FIVE_MIB = 5 * 1024 * 1024;

    static Stream<Arguments> refusedFiles() {
        byte[] jpeg = TestImages.jpeg(640, 480);
        return Stream.of(
                refused("text renamed to .jpg", 415, () -> new Multipart()
                        .file("file", "photo.jpg", "image/jpeg", "hello, I am text".getBytes(StandardCharsets.UTF_8))),
                refused("SVG", 415, () -> new Multipart().file("file", "a.svg", "image/svg+xml",
                        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                                .getBytes(StandardCharsets.UTF_8))),
                refused("HTML", 415, () -> new Multipart().file("file", "a.jpg", "image/jpeg",
                        "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"
                                .getBytes(StandardCharsets.UTF_8))),
                refused("WebP", 415, () -> new Multipart().file("file", "a.webp", "image/webp",
                        "RIFF\u0024\u0000\u0000\u0000WEBPVP8 \u0000\u0000".getBytes(StandardCharsets.ISO_8859_1))),
                refused("truncated JPEG", 400, () -> new Multipart().file("file", "a.jpg", "image/jpeg",
                        Arrays.copyOf(jpeg, jpeg.length / 2))),
                refused("zero bytes", 400, () -> new Multipart().file("file", "a.jpg", "image/jpeg", new byte[0])),
                refused("5 MiB + 1 byte", 413, () -> new Multipart().file("file", "a.png", "image/png",
                        Arrays.copyOf(TestImages.png(64, 64), FIVE_MIB + 1))),
                refused("6 MiB, beyond the container's limit", 413, () -> new Multipart().file("file", "a.png",
                        "image/png", Arrays.copyOf(TestImages.png(64, 64), 6 * 1024 * 1024))),
                refused("PNG declaring 30000x30000", 400, () -> new Multipart().file("file", "bomb.png",
                        "image/png", TestImages.pngDeclaring(30000, 30000))),
                refused("two files", 400, () -> new Multipart()
                        .file("file", "a.jpg", "image/jpeg", jpeg).file("file", "b.jpg", "image/jpeg", jpeg)),
                refused("a second part beside file", 400, () -> new Multipart()
                        .file("file", "a.jpg", "image/jpeg", jpeg).file("other", "b.jpg", "image/jpeg", jpeg)),
                refused("no part named file", 400, () -> new Multipart().file("image", "a.jpg", "image/jpeg", jpeg)),
                refused("no parts at all", 400, Multipart::new));
    }

    private static Arguments refused(String name, int status, Supplier<Multipart> body) {
        return Arguments.of(name, status, body);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedFiles")
    void refusedAndNothingStored(String name, int status, Supplier<Multipart> body) {
        Stored before = stored();

        TestHttp.Response response = upload(body.get(), TestTokens.bearer(OWNER));

        assertProblem(response, status);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aJsonBodyIsTheWrongMediaType() {
        Stored before = stored();

        TestHttp.Response response = http.post("/api/v1/media", "application/json",
                "{\"file\":\"/9j/4AAQ\"}".getBytes(StandardCharsets.UTF_8), TestTokens.bearer(OWNER));

        assertProblem(response, 415);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aMultipartBodyThatIsNotMultipartIsRefused() {
        Stored before = stored();

        TestHttp.Response response = http.post("/api/v1/media", "multipart/form-data; boundary=xyz",
                "this is not multipart at all".getBytes(StandardCharsets.UTF_8), TestTokens.bearer(OWNER));

        assertProblem(response, 400);
        assertThat(stored()).isEqualTo(before);
    }

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                Arguments.of("none", null),
                Arguments.of("expired", "Bearer " + TestTokens.expired(OWNER)),
                Arguments.of("signed by a stranger", "Bearer " + TestTokens.signedByStranger(OWNER)),
                Arguments.of("tampered", "Bearer " + TestTokens.tampered(OWNER, 1)),
                Arguments.of("alg none", "Bearer " + TestTokens.unsigned(OWNER)),
                Arguments.of("HMAC with the public key", "Bearer " + TestTokens.hmacWithPublicKey(OWNER)),
                Arguments.of("garbage", "Bearer not.a.token"));
    }

    @ParameterizedTest(name = "token: {0}")
    @MethodSource("forgedTokens")
    void uploadsNeedAGenuineToken(String name, String authorization) {
        Stored before = stored();

        TestHttp.Response response = upload(new Multipart().file("file", "a.jpg", "image/jpeg",
                TestImages.jpeg(32, 32)), authorization);

        assertProblem(response, 401);
        assertThat(stored()).isEqualTo(before);
    }

    private void assertProblem(TestHttp.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }
}
