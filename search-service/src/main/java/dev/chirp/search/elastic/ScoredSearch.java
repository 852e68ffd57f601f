package dev.chirp.search.elastic;

import java.io.IOException;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.web.Cursors;
import dev.chirp.shared.web.PageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Best-match-first search pages: sorted by score, then by a numeric ID field, continued with {@code search_after}
 * on (score, id), so a page never repeats or skips a document while the index is unchanged. Only document IDs
 * come back; the owning service renders the entities.
 */
@Component
public class ScoredSearch {

    private static final Logger log = LoggerFactory.getLogger(ScoredSearch.class);

    /** The IDs of one page of hits, best first, and the cursor of the next page (null on the last). */
    public record PageOfIds(List<Long> ids, String nextCursor) {
    }

    private final ElasticsearchClient elasticsearch;

    ScoredSearch(ElasticsearchClient elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    public PageOfIds search(String index, Query query, String idField, SortOrder idOrder, PageRequest page) {
        SearchRequest.Builder request = new SearchRequest.Builder()
                .index(index)
                .query(query)
                .source(s -> s.fetch(false))
                .trackTotalHits(t -> t.enabled(false))
                .size(page.limit() + 1)
                .sort(s -> s.score(o -> o.order(SortOrder.Desc)))
                .sort(s -> s.field(f -> f.field(idField).order(idOrder)));
        if (!page.isFirstPage()) {
            request.searchAfter(position(page.cursor()));
        }
        SearchResponse<JsonData> response;
        try {
            response = elasticsearch.search(request.build(), JsonData.class);
        } catch (IOException e) {
            log.warn("search in {} failed: {}", index, e.toString());
            throw unavailable();
        } catch (ElasticsearchException e) {
            // a missing index (lost on the server; it is re-created on the next write) or a cluster in trouble
            if (e.status() == 404 || e.status() == 429 || e.status() >= 500) {
                log.warn("search in {} failed: {}", index, e.getMessage());
                throw unavailable();
            }
            throw e;
        }
        List<Hit<JsonData>> hits = response.hits().hits();
        List<Hit<JsonData>> served = hits.subList(0, Math.min(hits.size(), page.limit()));
        String next = null;
        if (hits.size() > page.limit()) {
            List<FieldValue> last = served.get(served.size() - 1).sort();
            next = Cursors.encode(last.get(0).doubleValue(), last.get(1).longValue());
        }
        return new PageOfIds(served.stream().map(hit -> Long.parseLong(hit.id())).toList(), next);
    }

    private static List<FieldValue> position(List<String> cursor) {
        if (cursor.size() != 2) {
            throw invalidCursor();
        }
        double score;
        try {
            score = Double.parseDouble(cursor.get(0));
        } catch (NumberFormatException e) {
            throw invalidCursor();
        }
        if (!Double.isFinite(score) || score < 0) {
            throw invalidCursor();
        }
        return List.of(FieldValue.of(score), FieldValue.of(Cursors.longPart(cursor, 1)));
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("Search is unavailable right now; try again shortly.");
    }

    private static ApiException invalidCursor() {
        return ApiException.invalid("cursor", "is not a cursor from a previous page");
    }
}
