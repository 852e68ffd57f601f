package dev.chirp.tweet.internal;

import java.util.List;
import java.util.Optional;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.BatchIds;
import dev.chirp.shared.web.DegradedHeader;
import dev.chirp.tweet.tweets.TweetReader;
import dev.chirp.tweet.tweets.TweetView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The batch lookup for timeline-service and search-service (internal API 2, docs/internal-apis.md): tweets in the order
 * asked, deleted or unknown ones absent, with fresh counts and {@code liked_by_me} for the viewer; while Cassandra is
 * away, what the caches hold (docs/07-bottlenecks-and-reliability.md, "When a store is down").
 */
@RestController
class InternalTweetController {

    private final TweetReader reader;

    InternalTweetController(TweetReader reader) {
        this.reader = reader;
    }

    /**
     * Degrades rather than fails when Cassandra is away: what the caches hold, with {@code Chirp-Degraded} naming what
     * is missing ({@link TweetReader#availableViews}).
     */
    @GetMapping("/internal/tweets")
    ResponseEntity<Items> lookup(@RequestParam(defaultValue = "") String ids,
                                 @RequestParam(required = false) String viewer) {
        List<Long> tweetIds = BatchIds.parse(ids);
        Optional<Long> viewerId = viewer == null || viewer.isEmpty() ? Optional.empty()
                : Optional.of(ChirpIds.parse(viewer)
                        .orElseThrow(() -> ApiException.invalid("viewer", "is not a user ID")));
        TweetReader.Lookup found = reader.availableViews(tweetIds, viewerId);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        String degraded = DegradedHeader.format(found.degraded());
        if (degraded != null) {
            response.header(DegradedHeader.NAME, degraded);
        }
        return response.body(new Items(found.items()));
    }

    record Items(List<TweetView> items) {
    }
}
