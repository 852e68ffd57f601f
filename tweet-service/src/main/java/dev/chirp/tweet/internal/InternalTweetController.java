package dev.chirp.tweet.internal;

import java.util.List;
import java.util.Optional;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.BatchIds;
import dev.chirp.tweet.tweets.TweetReader;
import dev.chirp.tweet.tweets.TweetView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The batch lookup for timeline-service and search-service (internal API 2, docs/internal-apis.md): tweets in the order
 * asked, deleted or unknown ones absent, with fresh counts and {@code liked_by_me} for the viewer.
 */
@RestController
class InternalTweetController {

    private final TweetReader reader;

    InternalTweetController(TweetReader reader) {
        this.reader = reader;
    }

    @GetMapping("/internal/tweets")
    Items lookup(@RequestParam(defaultValue = "") String ids, @RequestParam(required = false) String viewer) {
        List<Long> tweetIds = BatchIds.parse(ids);
        Optional<Long> viewerId = viewer == null || viewer.isEmpty() ? Optional.empty()
                : Optional.of(ChirpIds.parse(viewer)
                        .orElseThrow(() -> ApiException.invalid("viewer", "is not a user ID")));
        return new Items(reader.views(tweetIds, viewerId));
    }

    record Items(List<TweetView> items) {
    }
}
