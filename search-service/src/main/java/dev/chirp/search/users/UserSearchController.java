package dev.chirp.search.users;

import dev.chirp.search.elastic.ScoredSearch.PageOfIds;
import dev.chirp.shared.security.Caller;
import dev.chirp.shared.web.Page;
import dev.chirp.shared.web.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

@RestController
class UserSearchController {

    private final UserSearch search;
    private final UserHitClient lookup;

    UserSearchController(UserSearch search, UserHitClient lookup) {
        this.search = search;
        this.lookup = lookup;
    }

    @GetMapping("/api/v1/search/users")
    Page<JsonNode> searchUsers(@RequestParam(required = false) String q,
                               @RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) String cursor,
                               Caller caller) {
        PageRequest page = PageRequest.of(limit, cursor);
        PageOfIds hits = search.search(q, page);
        return new Page<>(lookup.users(hits.ids(), caller.userId()), hits.nextCursor());
    }
}
