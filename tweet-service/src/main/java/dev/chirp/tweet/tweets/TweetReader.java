package dev.chirp.tweet.tweets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.chirp.shared.error.ApiException;
import dev.chirp.tweet.users.AuthorCard;
import dev.chirp.tweet.users.UserProjection;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns tweet IDs into docs/03-api.md tweets for one reader: bodies from the cache (Cassandra on a miss), author cards
 * from the user projection, counts and {@code liked_by_me} fresh from Cassandra. Deleted and unknown IDs drop out.
 */
@Component
public class TweetReader {

    private final TweetStore store;
    private final TweetCache cache;
    private final Engagement engagement;
    private final UserProjection users;

    TweetReader(TweetStore store, TweetCache cache, Engagement engagement, UserProjection users) {
        this.store = store;
        this.cache = cache;
        this.engagement = engagement;
        this.users = users;
    }

    /** The live tweets among {@code ids}, in the order asked. */
    public List<TweetView> views(List<Long> ids, Optional<Long> viewer) {
        Set<Long> unique = new LinkedHashSet<>(ids);
        Map<Long, StoredTweet> bodies = bodies(unique);
        if (bodies.isEmpty()) {
            return List.of();
        }
        Map<Long, AuthorCard> authors = users.cards(bodies.values().stream().map(StoredTweet::authorId)
                .distinct().toList());
        Map<Long, Engagement.Counts> counts = engagement.counts(bodies.keySet());
        Set<Long> liked = viewer.map(id -> engagement.likedBy(id, bodies.keySet())).orElse(null);
        List<TweetView> views = new ArrayList<>(bodies.size());
        for (Long id : unique) {
            StoredTweet tweet = bodies.get(id);
            if (tweet != null) {
                views.add(TweetView.of(tweet, authors.get(tweet.authorId()),
                        counts.getOrDefault(id, Engagement.Counts.NONE), liked == null ? null : liked.contains(id)));
            }
        }
        return views;
    }

    public TweetView view(long id, Optional<Long> viewer) {
        List<TweetView> views = views(List.of(id), viewer);
        if (views.isEmpty()) {
            throw ApiException.notFound("No tweet " + id + ".");
        }
        return views.get(0);
    }

    /** The tweet if it exists and is not deleted. */
    public Optional<StoredTweet> live(long id) {
        return Optional.ofNullable(bodies(Set.of(id)).get(id));
    }

    /** The live tweets among {@code ids}: cached bodies, cached deletions, and Cassandra for the rest. */
    private Map<Long, StoredTweet> bodies(Set<Long> ids) {
        Map<Long, @Nullable StoredTweet> cached = cache.get(ids);
        Map<Long, StoredTweet> bodies = new HashMap<>();
        cached.forEach((id, body) -> {
            if (body != null) {
                bodies.put(id, body);
            }
        });
        List<Long> missing = ids.stream().filter(id -> !cached.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            Map<Long, StoredTweet> loaded = store.findLive(missing);
            cache.put(loaded.values());
            bodies.putAll(loaded);
        }
        return bodies;
    }
}
