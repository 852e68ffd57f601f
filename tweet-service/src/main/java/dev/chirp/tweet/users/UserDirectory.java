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
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.shared.id.ChirpIds;
import org.springframework.stereotype.Component;

/**
 * tweet-service's projection of chirp.users (design rule 1 (docs/design-rules.md)): author cards by ID and user IDs by lower-cased
 * handle. Writes carry the event time as their Cassandra timestamp, so replaying old events never overwrites newer
 * state and a handle given up and claimed again resolves to its newest owner.
 */
@Component
public class UserDirectory {

    private final CqlSession session;
    private final PreparedStatement selectCards;
    private final PreparedStatement selectByHandle;
    private final PreparedStatement upsertCard;
    private final PreparedStatement upsertHandle;
    private final PreparedStatement deleteHandle;

    UserDirectory(CqlSession session) {
        this.session = session;
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
        Map<Long, AuthorCard> cards = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return cards;
        }
        for (Row row : session.execute(selectCards.bind(List.copyOf(ids)))) {
            long id = row.getLong("user_id");
            cards.put(id, new AuthorCard(id, row.getString("handle"), row.getString("display_name"),
                    row.getString("avatar_url")));
        }
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
        AuthorCard card = cards(List.of(row.getLong("user_id"))).get(row.getLong("user_id"));
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
        session.execute(batch);
    }
}
