package dev.chirp.user.social;

import java.util.List;
import java.util.Map;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.security.Caller;
import dev.chirp.shared.web.Cursors;
import dev.chirp.shared.web.Page;
import dev.chirp.shared.web.PageRequest;
import dev.chirp.user.account.Account;
import dev.chirp.user.account.AccountStore;
import dev.chirp.user.graph.FollowStore;
import dev.chirp.user.graph.FollowSlice;
import dev.chirp.user.profile.UserView;
import dev.chirp.user.profile.UserViews;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Follow, unfollow, the follower and following lists, and suggestions of whom to follow. */
@RestController
@RequestMapping("/api/v1/users")
class FollowController {

    private static final int SUGGESTIONS_DEFAULT = 10;

    private final AccountStore accounts;
    private final FollowStore graph;
    private final UserViews views;
    private final SuggestionFinder suggestions;

    FollowController(AccountStore accounts, FollowStore graph, UserViews views, SuggestionFinder suggestions) {
        this.accounts = accounts;
        this.graph = graph;
        this.views = views;
        this.suggestions = suggestions;
    }

    @PutMapping("/{reference}/follow")
    Map<String, Boolean> follow(@PathVariable String reference, Caller caller) {
        long me = caller.requireId();
        long target = otherAccount(reference, me);
        graph.follow(me, target);
        return Map.of("following", true);
    }

    @DeleteMapping("/{reference}/follow")
    Map<String, Boolean> unfollow(@PathVariable String reference, Caller caller) {
        long me = caller.requireId();
        long target = otherAccount(reference, me);
        graph.unfollow(me, target);
        return Map.of("following", false);
    }

    @GetMapping("/{reference}/followers")
    Page<UserView> followers(@PathVariable String reference, @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) String cursor, Caller caller) {
        PageRequest page = PageRequest.of(limit, cursor);
        long userId = existing(reference).id();
        return toPage(graph.followers(userId, before(page), page.limit()), caller);
    }

    @GetMapping("/{reference}/following")
    Page<UserView> following(@PathVariable String reference, @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) String cursor, Caller caller) {
        PageRequest page = PageRequest.of(limit, cursor);
        long userId = existing(reference).id();
        return toPage(graph.following(userId, before(page), page.limit()), caller);
    }

    @GetMapping("/me/suggestions")
    Page<UserView> suggestions(@RequestParam(required = false) Integer limit, Caller caller) {
        long me = caller.requireId();
        int count = PageRequest.of(limit, null, SUGGESTIONS_DEFAULT).limit();
        List<Long> ids = suggestions.forUser(me, count);
        return Page.last(views.of(ids, me));
    }

    private Page<UserView> toPage(FollowSlice slice, Caller caller) {
        List<UserView> items = views.of(slice.userIds(), caller.optionalId().orElse(null));
        return new Page<>(items, slice.nextBeforeFollowId() == null ? null
                : Cursors.encode(slice.nextBeforeFollowId()));
    }

    private static Long before(PageRequest page) {
        // a follow ID whose time no follow can have is refused, as every cursor of a time-ordered list is
        return page.isFirstPage() ? null : Cursors.idPart(Cursors.requireParts(page.cursor(), 1), 0);
    }

    private Account existing(String reference) {
        return accounts.byReference(reference).orElseThrow(() -> ApiException.notFound("No such user."));
    }

    /** The account to (un)follow: must exist (404) and not be the caller (400). */
    private long otherAccount(String reference, long me) {
        long target = existing(reference).id();
        if (target == me) {
            throw ApiException.badRequest("You cannot follow yourself.");
        }
        return target;
    }
}
