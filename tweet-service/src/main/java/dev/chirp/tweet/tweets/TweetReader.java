package dev.chirp.tweet.tweets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.error.DependencyFailures;
import dev.chirp.shared.web.DegradedHeader;
import dev.chirp.tweet.users.AuthorCard;
import dev.chirp.tweet.users.UserProjection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns tweet IDs into docs/03-api.md tweets for one reader: bodies from the cache (Cassandra on a miss), author cards
 * from the user projection, counts and {@code liked_by_me} through their cache from Cassandra. Deleted and unknown IDs
 * drop out.
 */
@Component
public class TweetReader {

    private static final Logger log = LoggerFactory.getLogger(TweetReader.class);

    private final TweetStore store;
    private final TweetCache cache;
    private final LookupCache lookupCache;
    private final Engagement engagement;
    private final UserProjection users;

    TweetReader(TweetStore store, TweetCache cache, LookupCache lookupCache, Engagement engagement, UserProjection users) {
        this.store = store;
        this.cache = cache;
        this.lookupCache = lookupCache;
        this.engagement = engagement;
        this.users = users;
    }

    /** The live tweets among {@code ids}, in the order asked; any store failure fails the whole answer. */
    public List<TweetView> views(List<Long> ids, Optional<Long> viewer) {
        return lookup(ids, viewer, false).items();
    }

    /**
     * As {@link #views}, but what Cassandra cannot give right now is left out instead of failing the answer
     * (docs/07-bottlenecks-and-reliability.md, "When a store is down"): tweets whose body is not cached are
     * absent, counts and {@code liked_by_me} not cached are null, authors not known in this process carry only their
     * ID; {@link Lookup#degraded()} names what is missing ({@link DegradedHeader}). For the home timeline, which
     * would rather show the cached part of a page than none.
     */
    public Lookup availableViews(List<Long> ids, Optional<Long> viewer) {
        return lookup(ids, viewer, true);
    }

    /** Tweets and what they lack ({@link DegradedHeader}'s parts; empty when complete). */
    public record Lookup(List<TweetView> items, Set<String> degraded) {
    }

    private Lookup lookup(List<Long> ids, Optional<Long> viewer, boolean partial) {
        Set<Long> unique = new LinkedHashSet<>(ids);
        Set<String> degraded = new TreeSet<>();
        LookupCache.Cached cached = lookupCache.read(unique, viewer);
        Map<Long, StoredTweet> bodies = bodies(unique, cached.bodies(), partial ? degraded : null);
        if (bodies.isEmpty()) {
            return new Lookup(List.of(), degraded);
        }
        List<Long> authorIds = bodies.values().stream().map(StoredTweet::authorId).distinct().toList();
        Map<Long, AuthorCard> authors = orElse(partial, degraded, DegradedHeader.AUTHORS,
                () -> users.cards(authorIds), () -> users.knownCards(authorIds));
        // what the caches held may be all there is to know: marked only where something is really missing, below
        Map<Long, Engagement.Counts> counts = orElse(partial, new TreeSet<>(), DegradedHeader.ENGAGEMENT,
                () -> engagement.counts(bodies.keySet(), cached.counts(), cached.countVersions()), cached::counts);
        Map<Long, Boolean> liked = viewer.map(id -> orElse(partial, new TreeSet<>(), DegradedHeader.ENGAGEMENT,
                () -> engagement.likedMap(id, bodies.keySet(), cached.liked(), counts),
                () -> engagement.knownLiked(bodies.keySet(), cached.liked(), counts)))
                .orElse(null);
        if (!counts.keySet().containsAll(bodies.keySet())
                || (liked != null && !liked.keySet().containsAll(bodies.keySet()))) {
            degraded.add(DegradedHeader.ENGAGEMENT);
        }
        List<TweetView> views = new ArrayList<>(bodies.size());
        for (Long id : unique) {
            StoredTweet tweet = bodies.get(id);
            if (tweet != null) {
                views.add(TweetView.of(tweet, authors.get(tweet.authorId()), counts.get(id),
                        liked == null ? null : liked.get(id)));
            }
        }
        return new Lookup(views, degraded);
    }

    /**
     * {@code read()}; in a partial lookup, when a store is away, {@code fallback()} (what the caches hold) and the
     * part is recorded as degraded. Anything else, and any failure of a strict lookup, is thrown.
     */
    private static <T> T orElse(boolean partial, Set<String> degraded, String part, Supplier<T> read,
                                Supplier<T> fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            if (!partial || !DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            log.warn("Serving tweets without fresh {}: {}", part, e.toString());
            degraded.add(part);
            return fallback.get();
        }
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
        Set<Long> ids = Set.of(id);
        return Optional.ofNullable(bodies(ids, cache.get(ids), null).get(id));
    }

    /**
     * The live tweets among {@code ids}: bodies and deletions the cache held ({@code cached}), and Cassandra for the
     * rest. With {@code degraded} given, an unreadable rest is left out and recorded there, never mistaken for
     * deleted.
     */
    private Map<Long, StoredTweet> bodies(Set<Long> ids, Map<Long, @Nullable StoredTweet> cached,
                                          @Nullable Set<String> degraded) {
        Map<Long, StoredTweet> bodies = new HashMap<>();
        cached.forEach((id, body) -> {
            if (body != null) {
                bodies.put(id, body);
            }
        });
        List<Long> missing = ids.stream().filter(id -> !cached.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            Map<Long, StoredTweet> loaded;
            try {
                loaded = store.findLive(missing);
            } catch (RuntimeException e) {
                if (degraded == null || !DependencyFailures.isUnavailable(e)) {
                    throw e;
                }
                log.warn("Leaving out {} tweets not cached: {}", missing.size(), e.toString());
                degraded.add(DegradedHeader.TWEETS);
                return bodies;
            }
            cache.put(loaded.values());
            bodies.putAll(loaded);
        }
        return bodies;
    }
}
