package dev.chirp.search.tweets;

import dev.chirp.search.elastic.ScoredSearch.PageOfIds;
import dev.chirp.shared.security.Caller;
import dev.chirp.shared.web.Page;
import dev.chirp.shared.web.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

@RestController
class TweetSearchController {

    private final TweetSearch search;
    private final TweetHitClient lookup;

    TweetSearchController(TweetSearch search, TweetHitClient lookup) {
        this.search = search;
        this.lookup = lookup;
    }

    @GetMapping("/api/v1/search/tweets")
    Page<JsonNode> searchTweets(@RequestParam(required = false) String q,
                                @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String cursor,
                                Caller caller) {
        PageRequest page = PageRequest.of(limit, cursor);
        TweetQuery query = TweetQueryParser.parse(q);
        PageOfIds hits = search.search(query, page);
        return new Page<>(lookup.tweets(hits.ids(), caller.userId()), hits.nextCursor());
    }
}
