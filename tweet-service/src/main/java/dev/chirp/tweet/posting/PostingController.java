package dev.chirp.tweet.posting;

import java.net.URI;

import dev.chirp.shared.security.Caller;
import dev.chirp.tweet.tweets.TweetReader;
import dev.chirp.tweet.tweets.TweetView;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PostingController {

    private final TweetPoster poster;
    private final TweetReader reader;

    PostingController(TweetPoster poster, TweetReader reader) {
        this.poster = poster;
        this.reader = reader;
    }

    @PostMapping(path = "/api/v1/tweets", consumes = "application/json")
    ResponseEntity<TweetView> post(@RequestBody PostTweetRequest request,
                                   @RequestHeader(name = "Idempotency-Key", required = false)
                                   @Nullable String idempotencyKey,
                                   Caller caller) {
        long id = poster.post(caller.requireId(), request, idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/tweets/" + id)).body(reader.view(id, caller.optionalId()));
    }
}
