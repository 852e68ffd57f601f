package dev.chirp.tweet.tweets;

import java.util.List;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.security.Caller;
import dev.chirp.shared.web.Cursors;
import dev.chirp.shared.web.Page;
import dev.chirp.shared.web.PageRequest;
import dev.chirp.tweet.users.UserProjection;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Reading and deleting tweets; user timelines and replies (docs/03-api.md "Tweets and likes"). */
@RestController
class TweetController {

    private final TweetReader reader;
    private final TweetStore store;
    private final TweetDeleter deleter;
    private final UserProjection users;

    TweetController(TweetReader reader, TweetStore store, TweetDeleter deleter, UserProjection users) {
        this.reader = reader;
        this.store = store;
        this.deleter = deleter;
        this.users = users;
    }

    @GetMapping("/api/v1/tweets/{id}")
    TweetView tweet(@PathVariable String id, Caller caller) {
        return reader.view(tweetId(id), caller.optionalId());
    }

    @DeleteMapping("/api/v1/tweets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, Caller caller) {
        long callerId = caller.requireId();
        deleter.delete(tweetId(id), callerId);
    }

    @GetMapping("/api/v1/users/{id}/tweets")
    Page<TweetView> userTimeline(@PathVariable String id, @RequestParam(required = false) @Nullable Integer limit,
                                 @RequestParam(required = false) @Nullable String cursor, Caller caller) {
        PageRequest page = PageRequest.of(limit, cursor);
        long authorId = users.resolve(id).orElseThrow(() -> ApiException.notFound("No user " + id + "."));
        long before = page.isFirstPage() ? Long.MAX_VALUE : Cursors.idPart(Cursors.requireParts(page.cursor(), 1), 0);
        TweetStore.IdPage found = store.userTimeline(authorId, before, page.limit());
        if (found.ids().size() < page.limit() && found.resumeBeforeId() != null) {
            return new Page<>(reader.views(found.ids(), caller.optionalId()), Cursors.encode(found.resumeBeforeId()));
        }
        return page(found.ids(), page, caller);
    }

    @GetMapping("/api/v1/tweets/{id}/replies")
    Page<TweetView> replies(@PathVariable String id, @RequestParam(required = false) @Nullable Integer limit,
                            @RequestParam(required = false) @Nullable String cursor, Caller caller) {
        PageRequest page = PageRequest.of(limit, cursor);
        long parentId = tweetId(id);
        reader.live(parentId).orElseThrow(() -> ApiException.notFound("No tweet " + id + "."));
        long after = page.isFirstPage() ? 0 : Cursors.idPart(Cursors.requireParts(page.cursor(), 1), 0);
        return page(store.replies(parentId, after, page.limit()), page, caller);
    }

    private Page<TweetView> page(List<Long> ids, PageRequest page, Caller caller) {
        String next = ids.size() == page.limit() ? Cursors.encode(ids.get(ids.size() - 1)) : null;
        return new Page<>(reader.views(ids, caller.optionalId()), next);
    }

    private static long tweetId(String id) {
        return ChirpIds.parse(id).orElseThrow(() -> ApiException.notFound("No tweet " + id + "."));
    }
}
