package dev.chirp.tweet.likes;

import java.time.Instant;
import java.util.List;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.security.Caller;
import dev.chirp.shared.time.MonthBuckets;
import dev.chirp.shared.web.Cursors;
import dev.chirp.shared.web.Page;
import dev.chirp.shared.web.PageRequest;
import dev.chirp.tweet.tweets.TweetReader;
import dev.chirp.tweet.tweets.TweetView;
import dev.chirp.tweet.users.UserProjection;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LikeController {

    private final Likes likes;
    private final TweetReader reader;
    private final UserProjection users;

    LikeController(Likes likes, TweetReader reader, UserProjection users) {
        this.likes = likes;
        this.reader = reader;
        this.users = users;
    }

    @PutMapping("/api/v1/tweets/{id}/like")
    LikeState like(@PathVariable String id, Caller caller) {
        long userId = caller.requireId();
        return new LikeState(true, likes.like(tweetId(id), userId));
    }

    @DeleteMapping("/api/v1/tweets/{id}/like")
    LikeState unlike(@PathVariable String id, Caller caller) {
        long userId = caller.requireId();
        return new LikeState(false, likes.unlike(tweetId(id), userId));
    }

    @GetMapping("/api/v1/users/{id}/likes")
    Page<TweetView> likedBy(@PathVariable String id, @RequestParam(required = false) Integer limit,
                            @RequestParam(required = false) String cursor, Caller caller) {
        PageRequest page = PageRequest.of(limit, cursor);
        long userId = users.resolve(id).orElseThrow(() -> ApiException.notFound("No user " + id + "."));
        Instant before = page.isFirstPage() ? MonthBuckets.latestPossible(Instant.now())
                : Cursors.instantPart(Cursors.requireParts(page.cursor(), 2), 0);
        long beforeTweetId = page.isFirstPage() ? Long.MAX_VALUE : Cursors.longPart(page.cursor(), 1);
        Likes.LikesPage liked = likes.likedBy(userId, before, beforeTweetId, page.limit());
        String next = null;
        if (liked.likes().size() == page.limit()) {
            Likes.LikedTweet last = liked.likes().get(liked.likes().size() - 1);
            next = Cursors.encode(last.likedAt().toEpochMilli(), last.tweetId());
        } else if (liked.resumeBefore().isPresent()) {
            // everything before the start of the last month read: its last millisecond, any tweet ID
            next = Cursors.encode(liked.resumeBefore().get().toEpochMilli() - 1, Long.MAX_VALUE);
        }
        return new Page<>(reader.views(liked.likes().stream().map(Likes.LikedTweet::tweetId).toList(),
                caller.optionalId()), next);
    }

    private static long tweetId(String id) {
        return ChirpIds.parse(id).orElseThrow(() -> ApiException.notFound("No tweet " + id + "."));
    }

    record LikeState(boolean liked, long likeCount) {
    }
}
