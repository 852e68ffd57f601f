package dev.chirp.search.trends;

import java.util.List;

import dev.chirp.search.trends.TrendRanking.Trend;
import dev.chirp.shared.web.PageRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TrendsController {

    private static final int DEFAULT_LIMIT = 10;

    record Trends(List<Trend> items, String window) {
    }

    private final TrendingHashtags trending;

    TrendsController(TrendingHashtags trending) {
        this.trending = trending;
    }

    @GetMapping("/api/v1/trends")
    Trends trends(@RequestParam(required = false) @Nullable Integer limit) {
        int valid = PageRequest.of(limit, null, DEFAULT_LIMIT).limit();
        return new Trends(trending.top(valid), "PT1H");
    }
}
