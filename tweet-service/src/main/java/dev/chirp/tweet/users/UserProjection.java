package dev.chirp.tweet.users;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chirp.shared.cassandra.LoggedBatches;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.tweet.TweetProperties;
import org.springframework.stereotype.Component;

/**
 * tweet-service's projection of chirp.users (design rule 1 (docs/design-rules.md)): author cards by ID and user IDs by
 * lower-cased handle. Writes carry the event time as their Cassandra timestamp, so replaying old events never
 * overwrites newer state and a handle given up and claimed again resolves to its newest owner.
 *
 * <p>Every tweet view needs its author's card, so cards found are kept in this process for
 * {@code chirp.tweet.cache.cards-ttl} (one IN query over the page's authors per view, otherwise).
 * An update applied here drops the old card at once; another instance may show it until its copy expires.
 */
@Component
public class UserProjection {

    private final CqlSession session;
    private final LoggedBatches batches;
    private final Cache<Long, AuthorCard> known;
    private final PreparedStatement selectCards;
    private final PreparedStatement selectByHandle;
    private final PreparedStatement upsertCard;
    private final PreparedStatement upsertHandle;
    private final PreparedStatement deleteHandle;

    UserProjection(CqlSession session, LoggedBatches batches, TweetProperties properties) {
        this.session = session;
        this.batches = batches;
        this.known = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(properties.cache().cardsTtl()).build();
        this.selectCards = session.prepare(
                "SELECT user_id, handle, display_name, avatar_url FROM users_by_id WHERE user_id IN ?");
        this.selectByHandle = session.prepare("SELECT user_id FROM user_ids_by_handle WHERE handle = ?");
        this.upsertCard = session.prepare("UPDATE users_by_id USING TIMESTAMP ? SET handle = ?, display_name = ?, "
                + "avatar_url = ? WHERE user_id = ?");
        this.upsertHandle = session.prepare(
                "UPDATE user_ids_by_handle USING TIMESTAMP ? SET user_id = ? WHERE handle = ?");
        this.deleteHandle = session.prepare("DELETE FROM user_ids_by_handle USING TIMESTAMP ? WHERE handle = ?");
    }

    /** Cards for the given IDs, in no particular order; an ID we know nothing of gets a card with only its ID. */
    public Map<Long, AuthorCard> cards(Collection<Long> ids) {
        Map<Long, AuthorCard> cards = new LinkedHashMap<>(known.getAllPresent(ids));
        List<Long> missing = ids.stream().filter(id -> !cards.containsKey(id)).distinct().toList();
        if (missing.isEmpty()) {
            return cards;
        }
        for (Row row : session.execute(selectCards.bind(missing))) {
            AuthorCard card = card(row);
            long id = card.id();
            cards.put(id, card);
            // Only cards found: an unknown one may be a user the projection has not heard of yet.
            known.put(id, card);
        }
        for (Long id : ids) {
            cards.computeIfAbsent(id, AuthorCard::unknown);
        }
        return cards;
    }

    /**
     * Cards for the given IDs as far as this process has them, without reading Cassandra: for an answer served while
     * Cassandra is away. The others get a card with only their ID.
     */
    public Map<Long, AuthorCard> knownCards(Collection<Long> ids) {
        Map<Long, AuthorCard> cards = new LinkedHashMap<>(known.getAllPresent(ids));
        for (Long id : ids) {
            cards.computeIfAbsent(id, AuthorCard::unknown);
        }
        return cards;
    }

    /** The user with this handle (case-insensitive), if chirp.users has told us of one. */
    public Optional<AuthorCard> byHandle(String handle) {
        Row row = session.execute(selectByHandle.bind(handle.toLowerCase(Locale.ROOT))).one();
        if (row == null) {
            return Optional.empty();
        }
        // Read, not the cached card: a handle just taken over must resolve to its new owner at once.
        Row cardRow = session.execute(selectCards.bind(List.of(row.getLong("user_id")))).one();
        AuthorCard card = cardRow == null ? AuthorCard.unknown(row.getLong("user_id")) : card(cardRow);
        return card.handle() != null && card.handle().equalsIgnoreCase(handle) ? Optional.of(card) : Optional.empty();
    }

    /**
     * The user an API path names: a decimal ID (taken as is: a user without tweets has an empty timeline) or an
     * {@code @handle} known to the projection.
     */
    public Optional<Long> resolve(String idOrHandle) {
        if (idOrHandle.startsWith("@")) {
            return byHandle(idOrHandle.substring(1)).map(AuthorCard::id);
        }
        return ChirpIds.parse(idOrHandle);
    }

    void apply(UserSnapshot user, Instant occurredAt) {
        long timestamp = ChronoUnit.MICROS.between(Instant.EPOCH, occurredAt);
        String handle = user.handle().toLowerCase(Locale.ROOT);
        BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED);
        Row previous = session.execute(selectCards.bind(List.of(user.id()))).one();
        if (previous != null && previous.getString("handle") != null
                && !previous.getString("handle").equalsIgnoreCase(handle)) {
            batch = batch.add(deleteHandle.bind(timestamp, previous.getString("handle").toLowerCase(Locale.ROOT)));
        }
        batch = batch.add(upsertCard.bind(timestamp, user.handle(), user.displayName(), user.avatarUrl(), user.id()))
                .add(upsertHandle.bind(timestamp, user.id(), handle));
        batches.execute(batch);
        known.invalidate(user.id());
    }

    private static AuthorCard card(Row row) {
        return new AuthorCard(row.getLong("user_id"), row.getString("handle"), row.getString("display_name"),
                row.getString("avatar_url"));
    }
}
