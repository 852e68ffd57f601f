package dev.chirp.search.tweets;

import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.chirp.search.elastic.ScoredSearch;
import dev.chirp.search.elastic.ScoredSearch.PageOfIds;
import dev.chirp.search.tweets.TweetQuery.From;
import dev.chirp.search.tweets.TweetQuery.Hashtag;
import dev.chirp.search.tweets.TweetQuery.Near;
import dev.chirp.search.tweets.TweetQuery.Phrase;
import dev.chirp.search.tweets.TweetQuery.Word;
import dev.chirp.shared.web.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link TweetQuery} against the tweet index. Words and phrases score (must); hashtags, authors and places
 * only filter. Best match first, then newest (IDs are time-ordered).
 */
@Component
class TweetSearch {

    private final ScoredSearch search;
    private final TweetIndex index;

    TweetSearch(ScoredSearch search, TweetIndex index) {
        this.search = search;
        this.index = index;
    }

    PageOfIds search(TweetQuery query, PageRequest page) {
        return search.search(index.name(), toElasticsearch(query), TweetIndex.ID, SortOrder.Desc, page);
    }

    static Query toElasticsearch(TweetQuery query) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        String words = query.terms().stream().filter(Word.class::isInstance).map(term -> ((Word) term).text())
                .collect(Collectors.joining(" "));
        if (!words.isEmpty()) {
            bool.must(q -> q.match(m -> m.field(TweetIndex.TEXT).query(words).operator(Operator.And)));
        }
        for (TweetQuery.Term term : query.terms()) {
            if (term instanceof Phrase phrase) {
                bool.must(q -> q.matchPhrase(m -> m.field(TweetIndex.TEXT).query(phrase.text())));
            } else if (term instanceof Hashtag hashtag) {
                bool.filter(q -> q.term(t -> t.field(TweetIndex.HASHTAGS).value(hashtag.tag())));
            } else if (term instanceof From from) {
                bool.filter(q -> q.term(t -> t.field(TweetIndex.AUTHOR_HANDLE).value(from.handle())));
            } else if (term instanceof Near near) {
                bool.filter(q -> q.geoDistance(g -> g.field(TweetIndex.LOCATION)
                        .distance(near.radiusKm() + "km")
                        .location(l -> l.latlon(p -> p.lat(near.lat()).lon(near.lon())))));
            }
        }
        return bool.build()._toQuery();
    }
}
