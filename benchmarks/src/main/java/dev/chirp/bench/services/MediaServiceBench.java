package dev.chirp.bench.services;

import java.util.ArrayList;
import java.util.List;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.OpenLoopRun;

/**
 * media-service (issue #5) at port 8085: uploads of one photo-sized JPEG (about 1 MB), each sniffed, decoded,
 * re-encoded without metadata, thumbnailed and written to the object store and Cassandra.
 */
final class MediaServiceBench {

    static final String UPLOAD = "upload";
    private static final int TARGET_BYTES = 1_000_000;

    private final ServiceContext ctx;

    MediaServiceBench(ServiceContext ctx) {
        this.ctx = ctx;
    }

    ServiceResult run() {
        LargeJpeg jpeg = LargeJpeg.make(TARGET_BYTES, 0.05);
        String url = Endpoints.MEDIA + "/api/v1/media";
        ServiceResult.Ceiling upload = ctx.ceiling(String.format("`POST /api/v1/media` (a %,d-byte JPEG, %d×%d)",
                        jpeg.bytes().length, jpeg.width(), jpeg.height()), UPLOAD, ctx.plan.ceiling(2, 2_000),
                (rate, seconds) -> random -> new OpenLoopRun.Call(UPLOAD, ChirpHttp.multipart(url,
                        ctx.anyUser(random).token(), "bench.jpg", "image/jpeg", jpeg.bytes())));
        long uploads = upload.result().steps().stream().mapToLong(s -> s.stats().ok()).sum();
        List<String> notes = new ArrayList<>();
        notes.add(String.format("Every upload stays (the API has no media deletion): %,d uploads in the measured "
                        + "steps, about %,.0f MB of originals in the bucket plus re-encoded copies and thumbnails.",
                uploads, uploads * jpeg.bytes().length / 1e6));
        notes.add("At most `max-concurrent-decodes` (2) images are decoded at once; an upload that waits longer "
                + "than `decode-wait` (10 s) for a slot answers 503: the ceiling is where that queue starts to grow.");
        List<String> data = List.of(String.format("One JPEG made with Java2D (gradient, shapes, per-pixel noise; "
                        + "calibrated to %,d bytes ± 5 %%): **%,d bytes, %d × %d = %,d pixels**; uploaded by bench "
                        + "users drawn uniformly from the first %,d seeded accounts.", TARGET_BYTES,
                jpeg.bytes().length, jpeg.width(), jpeg.height(), (long) jpeg.width() * jpeg.height(),
                ctx.plan.users()));
        return new ServiceResult("media-service", data, List.of(), List.of(upload), notes);
    }
}
