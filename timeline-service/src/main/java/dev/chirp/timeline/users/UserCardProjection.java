package dev.chirp.timeline.users;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.timeline.WriteTimestamps;
import org.springframework.stereotype.Component;

/** Public cards of users (a projection of chirp.users), to show who did something in a notification. */
@Component
public class UserCardProjection {

    /** docs/03-api.md's compact user: {@code {id, handle, display_name, avatar_url}}. */
    public record Card(String id, String handle, String displayName, String avatarUrl) {

        /** A user whose card has not arrived yet: the ID is known, the rest is null. */
        public static Card unknown(long userId) {
            return new Card(Long.toString(userId), null, null, null);
        }
    }

    private final CqlSession session;
    private final PreparedStatement upsert;
    private final PreparedStatement select;

    UserCardProjection(CqlSession session) {
        this.session = session;
        upsert = session.prepare("INSERT INTO user_cards (user_id, handle, display_name, avatar_url) "
                + "VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
        select = session.prepare("SELECT handle, display_name, avatar_url FROM user_cards WHERE user_id = ?");
    }

    void save(UserSnapshot user, Instant at) {
        session.execute(upsert.bind(user.id(), user.handle(), user.displayName(), user.avatarUrl(),
                WriteTimestamps.of(at)));
    }

    /** The cards of the given users (point reads in parallel); unknown users get {@link Card#unknown}. */
    public Map<Long, Card> cards(Collection<Long> userIds) {
        Map<Long, CompletableFuture<Card>> reads = new HashMap<>();
        for (long userId : userIds) {
            reads.computeIfAbsent(userId, id -> session.executeAsync(select.bind(id)).toCompletableFuture()
                    .thenApply(rows -> {
                        Row row = rows.one();
                        return row == null ? Card.unknown(id)
                                : new Card(Long.toString(id), row.getString(0), row.getString(1), row.getString(2));
                    }));
        }
        Map<Long, Card> cards = new HashMap<>();
        reads.forEach((id, read) -> cards.put(id, read.join()));
        return cards;
    }
}
