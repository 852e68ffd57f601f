package dev.chirp.search.tweets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import dev.chirp.search.Keywords;
import dev.chirp.search.elastic.SearchIndexes;
import dev.chirp.shared.event.TweetSnapshot;
import org.springframework.stereotype.Component;

/**
 * The tweet index: its name, its mapping and the document made from a tweet. Only what search needs is stored;
 * results are hydrated from tweet-service, so counts and per-viewer fields are never stale here.
 */
@Component
class TweetIndex {

    static final String ID = "id";
    static final String TEXT = "text";
    static final String AUTHOR_ID = "author_id";
    static final String AUTHOR_HANDLE = "author_handle";
    static final String HASHTAGS = "hashtags";
    static final String CREATED_AT = "created_at";
    static final String LOCATION = "location";

    private static final TypeMapping MAPPING = TypeMapping.of(m -> m.dynamic(DynamicMapping.Strict)
            .properties(ID, p -> p.long_(l -> l))
            .properties(TEXT, p -> p.text(t -> t.analyzer("standard")))
            .properties(AUTHOR_ID, p -> p.long_(l -> l))
            .properties(AUTHOR_HANDLE, p -> p.keyword(k -> k))
            .properties(HASHTAGS, p -> p.keyword(k -> k))
            .properties(CREATED_AT, p -> p.date(d -> d))
            .properties(LOCATION, p -> p.geoPoint(g -> g)));

    private final SearchIndexes indexes;
    private final String name;

    TweetIndex(SearchIndexes indexes) {
        this.indexes = indexes;
        this.name = indexes.name("tweets");
        indexes.createIfReachable(name, MAPPING);
    }

    /**
     * Called before every write too: an index lost on the server (deleted, or a data folder wiped) would otherwise
     * be re-created by the first bulk write with dynamic mappings, and searches on it would quietly go wrong.
     */
    void ensureCreated() {
        indexes.createIfMissing(name, MAPPING);
    }

    String name() {
        return name;
    }

    static Map<String, Object> document(TweetSnapshot tweet) {
        Map<String, Object> document = new HashMap<>();
        document.put(ID, tweet.id());
        document.put(TEXT, tweet.text() == null ? "" : tweet.text());
        document.put(AUTHOR_ID, tweet.authorId());
        document.put(AUTHOR_HANDLE, tweet.authorHandle() == null ? null : Keywords.normalize(tweet.authorHandle()));
        document.put(HASHTAGS, tweet.hashtags() == null ? List.of()
                : tweet.hashtags().stream().map(Keywords::normalize).distinct().toList());
        document.put(CREATED_AT, tweet.createdAt().toString());
        if (tweet.location() != null) {
            document.put(LOCATION, Map.of("lat", tweet.location().lat(), "lon", tweet.location().lon()));
        }
        return document;
    }
}
