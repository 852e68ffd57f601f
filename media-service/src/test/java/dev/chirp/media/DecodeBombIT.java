package dev.chirp.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/**
 * Decompression bombs of every kind the upload accepts, small files made here, at the 8192×8192 limit and above it,
 * in a JVM with the heap ./chirp gives media-service (-Xmx256m) and -XX:+ExitOnOutOfMemoryError as in the
 * Dockerfile and k8s: an OutOfMemoryError anywhere ends the run. Each is refused (400 problem) or stored in bounded
 * memory, and the service answers health and an ordinary upload afterwards. The memory each took is written to
 * target/decode-bombs.md (the table in the README). Runs in its own failsafe execution (pom.xml); skipped in the
 * shared one, whose heap is the machine's default.
 */
@EnabledIf("runsWithTheLaunchersHeap")
class DecodeBombIT extends MediaServiceIT {

    private static final long OWNER = 2323;
    private static final long MIB = 1024 * 1024;
    private static final List<String> ROWS = new ArrayList<>();

    @Autowired
    MeterRegistry meters;

    static boolean runsWithTheLaunchersHeap() {
        return Runtime.getRuntime().maxMemory() <= 300 * MIB;
    }

    static Stream<Arguments> bombs() {
        return Stream.of(
                bomb("PNG 8-bit RGBA", 201, () -> TestImages.pngBomb(8192, 8192, 8, 6, false, false)),
                bomb("PNG 8-bit RGBA, above", 400, () -> TestImages.pngBomb(8193, 8193, 8, 6, false, false)),
                bomb("PNG 16-bit RGBA", 201, () -> TestImages.pngBomb(8192, 8192, 16, 6, false, false)),
                bomb("PNG 16-bit RGBA, above", 400, () -> TestImages.pngBomb(8193, 8193, 16, 6, false, false)),
                bomb("PNG 16-bit RGBA, Adam7", 201, () -> TestImages.pngBomb(8192, 8192, 16, 6, true, false)),
                bomb("PNG 16-bit RGBA, Adam7, above", 400, () -> TestImages.pngBomb(8193, 8193, 16, 6, true, false)),
                bomb("PNG 8-bit RGB", 201, () -> TestImages.pngBomb(8192, 8192, 8, 2, false, false)),
                bomb("PNG 16-bit grey", 201, () -> TestImages.pngBomb(8192, 8192, 16, 0, false, false)),
                bomb("PNG 8-bit grey", 201, () -> TestImages.pngBomb(8192, 8192, 8, 0, false, false)),
                bomb("PNG 8-bit grey, above", 400, () -> TestImages.pngBomb(8193, 8193, 8, 0, false, false)),
                bomb("PNG 1-bit palette", 201, () -> TestImages.pngBomb(8192, 8192, 1, 3, false, false)),
                bomb("PNG 8-bit palette", 201, () -> TestImages.pngBomb(8192, 8192, 8, 3, false, false)),
                bomb("PNG 8-bit palette, above", 400, () -> TestImages.pngBomb(8193, 8193, 8, 3, false, false)),
                bomb("APNG 8-bit RGBA", 201, () -> TestImages.pngBomb(8192, 8192, 8, 6, false, true)),
                bomb("APNG 8-bit RGBA, above", 400, () -> TestImages.pngBomb(8193, 8193, 8, 6, false, true)),
                bomb("GIF, 8192×8192 frame", 201, () -> TestImages.twoColourGif(8192, 8192)),
                bomb("GIF, frame declaring 8193×8193", 400, () -> TestImages.gifDeclaring(8193, 8193)),
                bomb("GIF, 16×16 frame on an 8192×8192 screen", 201, () -> TestImages.gifWithScreen(8192, 8192)),
                bomb("GIF, 16×16 frame on a 65535×65535 screen", 400, () -> TestImages.gifWithScreen(65535, 65535)),
                bomb("JPEG baseline grey", 201, () -> TestImages.greyJpeg(8192, 8192)),
                bomb("JPEG baseline colour, header only", 400, () -> TestImages.jpegDeclaring(8192, 8192, false)),
                bomb("JPEG baseline, above", 400, () -> TestImages.jpegDeclaring(8193, 8193, false)),
                bomb("JPEG progressive colour, header only", 400, () -> TestImages.jpegDeclaring(8192, 8192, true)),
                bomb("JPEG progressive, above", 400, () -> TestImages.jpegDeclaring(8193, 8193, true)));
    }

    private static Arguments bomb(String name, int status, Supplier<byte[]> file) {
        return Arguments.of(name, status, file);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("bombs")
    void refusedOrStoredInBoundedMemoryAndTheServiceStaysHealthy(String name, int status, Supplier<byte[]> file) {
        byte[] bytes = file.get();
        System.out.println("decode bomb: " + name + ", " + bytes.length + " bytes");
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        long usedBefore = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        double allocatedBefore = total("chirp.media.decode.allocated");
        double reservedBefore = total("chirp.media.decode.reserved");
        long started = System.nanoTime();

        TestHttp.Response response = upload(new Multipart().file("file", "bomb", "application/octet-stream",
                bytes), TestTokens.bearer(OWNER));

        long millis = (System.nanoTime() - started) / 1_000_000;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        String stored = "";
        if (status == 201) {
            JsonNode media = response.json();
            stored = media.get("width").asInt() + "×" + media.get("height").asInt();
        } else {
            assertThat(response.header("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        ROWS.add(String.format(Locale.ROOT, "| %s | %,d | %d %s | %,d | %,d | %,d | %,d |", name, bytes.length,
                response.status(), status == 201 ? "stored " + stored : reason(response),
                Math.round((total("chirp.media.decode.reserved") - reservedBefore) / MIB),
                Math.round((total("chirp.media.decode.allocated") - allocatedBefore) / MIB),
                (peak - usedBefore) / MIB, millis));

        assertThat(get("/actuator/health").status()).isEqualTo(200);
        assertThat(upload(new Multipart().file("file", "a.jpg", "image/jpeg", TestImages.jpeg(64, 48)),
                TestTokens.bearer(OWNER)).status()).isEqualTo(201);
    }

    private double total(String summary) {
        DistributionSummary found = meters.find(summary).summary();
        return found == null ? 0 : found.totalAmount();
    }

    private static String reason(TestHttp.Response problem) {
        String detail = problem.json().path("errors").path(0).path("message").asString("");
        return detail.contains("memory") ? "(memory)" : detail.contains("pixels") ? "(dimensions)" : "(damaged)";
    }

    @AfterAll
    static void writeTable() throws IOException {
        String table = "| upload | file bytes | answer | reserved MiB | allocated MiB | heap peak above idle MiB | ms |\n"
                + "|---|---:|---|---:|---:|---:|---:|\n" + String.join("\n", ROWS) + "\n";
        Files.writeString(Path.of("target", "decode-bombs.md"), table);
        System.out.println(table);
    }
}
