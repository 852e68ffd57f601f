package dev.chirp.timeline.home;

import dev.chirp.shared.security.Caller;
import dev.chirp.shared.web.DegradedHeader;
import dev.chirp.shared.web.Page;
import dev.chirp.shared.web.PageRequest;
import dev.chirp.timeline.IdCursors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

@RestController
class HomeTimelineController {

    private final HomeTimelineReader reader;

    HomeTimelineController(HomeTimelineReader reader) {
        this.reader = reader;
    }

    /**
     * The page, with where its time went in {@code Server-Timing} (see {@link ReadTimings}), and what it lacks in
     * {@code Chirp-Degraded} when it was served while a store was away.
     */
    @GetMapping("/api/v1/timeline/home")
    ResponseEntity<Page<JsonNode>> home(Caller caller, @RequestParam(required = false) @Nullable Integer limit,
                                        @RequestParam(required = false) @Nullable String cursor) {
        long userId = caller.requireId();
        PageRequest page = PageRequest.of(limit, cursor);
        ReadTimings timings = new ReadTimings();
        HomeTimelineReader.HomePage home = reader.read(userId, page.limit(), IdCursors.below(page), timings);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header("Server-Timing", timings.header());
        String degraded = DegradedHeader.format(home.degraded());
        if (degraded != null) {
            response.header(DegradedHeader.NAME, degraded);
        }
        return response.body(home.page());
    }
}
