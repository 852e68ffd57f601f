package dev.chirp.timeline.notifications;

import java.time.Duration;
import java.time.Instant;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.timeline.TimelineProperties;
import dev.chirp.timeline.WriteTimestamps;
import org.springframework.stereotype.Component;

/**
 * Which like notification belongs to a (tweet, liker): the one of the first like seen. A like notification is
 * made once per liker and tweet while it lives: liking again after an unlike, and replaying any like event, finds
 * the pair already owned and notifies no one. An unlike leaves the notification as it is (docs/06-detailed-design.md,
 * "Notifications"). Read-then-write needs no lightweight transaction: like events are keyed by tweet, so all likes
 * of one tweet are handled in order by one consumer thread.
 */
@Component
class LikeNotifications {

    private final CqlSession session;
    private final Duration ttl;
    private final PreparedStatement select;
    private final PreparedStatement insert;

    LikeNotifications(CqlSession session, TimelineProperties properties) {
        this.session = session;
        this.ttl = properties.notificationTtl();
        select = session.prepare("SELECT notification_id FROM like_notifications WHERE tweet_id = ? AND liker_id = ?");
        insert = session.prepare("INSERT INTO like_notifications (tweet_id, liker_id, notification_id) "
                + "VALUES (?, ?, ?) USING TTL ? AND TIMESTAMP ?");
    }

    /**
     * Whether the like notification {@code notificationId} (made at {@code createdAt}) is the one of this pair:
     * true for the first like (recorded now) and for any replay of it, false for every later like.
     */
    boolean claim(long tweetId, long likerId, long notificationId, Instant createdAt) {
        Row owner = session.execute(select.bind(tweetId, likerId)).one();
        if (owner != null) {
            return owner.getLong(0) == notificationId;
        }
        long remaining = ttl.minus(Duration.between(createdAt, Instant.now())).toSeconds();
        if (remaining > 0) {
            session.execute(insert.bind(tweetId, likerId, notificationId, (int) Math.min(Integer.MAX_VALUE, remaining),
                    WriteTimestamps.of(createdAt)));
        }
        return true;
    }
}
