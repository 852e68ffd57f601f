package dev.chirp.search.users;

import java.util.HashMap;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import dev.chirp.search.Keywords;
import dev.chirp.search.elastic.SearchIndexes;
import dev.chirp.shared.event.UserSnapshot;
import org.springframework.stereotype.Component;

/**
 * The user index. The handle is a normalised keyword, so both exact and prefix matches are term-level queries
 * (edge n-grams would need analysis-common); the display name is standard-analysed text.
 */
@Component
class UserIndex {

    static final String ID = "id";
    static final String HANDLE = "handle";
    static final String DISPLAY_NAME = "display_name";

    private static final TypeMapping MAPPING = TypeMapping.of(m -> m.dynamic(DynamicMapping.Strict)
            .properties(ID, p -> p.long_(l -> l))
            .properties(HANDLE, p -> p.keyword(k -> k))
            .properties(DISPLAY_NAME, p -> p.text(t -> t.analyzer("standard"))));

    private final SearchIndexes indexes;
    private final String name;

    UserIndex(SearchIndexes indexes) {
        this.indexes = indexes;
        this.name = indexes.name("users");
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

    static Map<String, Object> document(UserSnapshot user) {
        Map<String, Object> document = new HashMap<>();
        document.put(ID, user.id());
        document.put(HANDLE, Keywords.normalize(user.handle()));
        document.put(DISPLAY_NAME, user.displayName() == null ? "" : user.displayName());
        return document;
    }
}
