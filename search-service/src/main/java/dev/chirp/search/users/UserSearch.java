package dev.chirp.search.users;

import java.util.regex.Pattern;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.chirp.search.Keywords;
import dev.chirp.search.elastic.ScoredSearch;
import dev.chirp.search.elastic.ScoredSearch.PageOfIds;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.web.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Finds accounts by handle or display name. An exact handle ranks first, then a handle that starts with the query,
 * then display names containing the words or starting with the phrase typed so far; ties oldest account first.
 */
@Component
class UserSearch {

    static final int MAX_LENGTH = 100;
    private static final Pattern HANDLE_PREFIX = Pattern.compile("[a-z0-9_]{1,15}");

    private final ScoredSearch search;
    private final UserIndex index;

    UserSearch(ScoredSearch search, UserIndex index) {
        this.search = search;
        this.index = index;
    }

    PageOfIds search(String q, PageRequest page) {
        return search.search(index.name(), toElasticsearch(validQuery(q)), UserIndex.ID, SortOrder.Asc, page);
    }

    /** Validates {@code q}: 1..{@value #MAX_LENGTH} characters, not blank. */
    static String validQuery(String q) {
        if (q == null || q.isBlank()) {
            throw ApiException.invalid("q", "must not be empty");
        }
        if (q.codePointCount(0, q.length()) > MAX_LENGTH) {
            throw ApiException.invalid("q", "must be at most " + MAX_LENGTH + " characters");
        }
        return q.strip();
    }

    static Query toElasticsearch(String q) {
        String text = Keywords.normalize(q);
        String handle = text.startsWith("@") ? text.substring(1) : text;
        BoolQuery.Builder bool = new BoolQuery.Builder().minimumShouldMatch("1");
        if (HANDLE_PREFIX.matcher(handle).matches()) {
            bool.should(s -> s.term(t -> t.field(UserIndex.HANDLE).value(handle).boost(10f)));
            bool.should(s -> s.prefix(p -> p.field(UserIndex.HANDLE).value(handle).boost(5f)));
        }
        bool.should(s -> s.match(m -> m.field(UserIndex.DISPLAY_NAME).query(text).operator(Operator.And).boost(2f)));
        bool.should(s -> s.matchPhrasePrefix(m -> m.field(UserIndex.DISPLAY_NAME).query(text)));
        return bool.build()._toQuery();
    }
}
