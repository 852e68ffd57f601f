package dev.chirp.timeline.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.time.MonthBuckets;
import dev.chirp.shared.time.MonthWalk;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.WriteTimestamps;
import org.springframework.stereotype.Component;

/**
 * Notifications per recipient in monthly partitions ({@code notifications_by_user}), newest first. Each row
 * expires when its notification is {@code chirp.timeline.notification-ttl} old, counted from the event, so a
 * replay of old events never brings back what has expired.
 */
@Component
class NotificationStore {

    record Stored(long id, NotificationType type, long actorId, Long tweetId, Instant createdAt) {
    }

    private final CqlSession session;
    private final Duration ttl;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    NotificationStore(CqlSession session, TimelineProperties properties) {
        this.session = session;
        this.ttl = properties.notificationTtl();
        insert = session.prepare("INSERT INTO notifications_by_user "
                + "(user_id, month, notification_id, type, actor_id, tweet_id, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?");
        select = session.prepare("SELECT notification_id, type, actor_id, tweet_id, created_at "
                + "FROM notifications_by_user WHERE user_id = ? AND month = ? AND notification_id < ? LIMIT ?");
    }

    /** False when the notification is already past its lifetime and was not stored. */
    boolean save(long recipientId, Stored notification) {
        long remaining = ttl.minus(Duration.between(notification.createdAt(), Instant.now())).toSeconds();
        if (remaining <= 0) {
            return false;
        }
        session.execute(insert.bind(recipientId, MonthBuckets.ofId(notification.id()), notification.id(),
                notification.type().wireName(), notification.actorId(), notification.tweetId(),
                notification.createdAt(), (int) Math.min(Integer.MAX_VALUE, remaining),
                WriteTimestamps.of(notification.createdAt())));
        return true;
    }

    /**
     * Up to {@code count} notifications with IDs below {@code belowExclusive} (null: from the newest), newest
     * first, walking monthly partitions back to the oldest that can still hold live rows: at most
     * {@link MonthBuckets#MAX_PER_PAGE} of them per call, never later than now (plus the clock skew).
     */
    Found newest(long userId, Long belowExclusive, int count) {
        long bound = belowExclusive == null ? Long.MAX_VALUE : belowExclusive;
        Instant now = Instant.now();
        MonthWalk walk = MonthWalk.between(MonthBuckets.ofId(bound - 1), MonthBuckets.of(now.minus(ttl)), now);
        List<Stored> found = new ArrayList<>(count);
        while (found.size() < count && walk.hasNext()) {
            for (Row row : session.execute(select.bind(userId, walk.next(), bound, count - found.size()))) {
                found.add(new Stored(row.getLong(0), NotificationType.fromWire(row.getString(1)), row.getLong(2),
                        row.isNull(3) ? null : row.getLong(3), row.getInstant(4)));
            }
        }
        return new Found(found, found.size() < count ? walk.resumeBeforeId().orElse(null) : null);
    }

    /**
     * What {@link #newest} found; {@code resumeBeforeId} is set when the walk stopped at its partition cap before
     * {@code count} were found: the next page holds the notifications below it.
     */
    record Found(List<Stored> notifications, Long resumeBeforeId) {
    }
}
