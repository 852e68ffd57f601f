package dev.chirp.timeline.notifications;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.chirp.shared.event.ChirpEvent;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetLiked;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.event.UserFollowed;

/**
 * Who hears about an event. Nobody is notified of their own actions; the author replied to gets a reply
 * notification and not also a mention; a user mentioned twice is notified once.
 */
final class NotificationPlanner {

    private NotificationPlanner() {
    }

    static List<PlannedNotification> plan(ChirpEvent event) {
        List<PlannedNotification> planned = new ArrayList<>();
        if (event instanceof UserFollowed followed) {
            add(planned, followed.followeeId(), NotificationType.FOLLOW, followed.followerId(), null);
        } else if (event instanceof TweetLiked liked) {
            add(planned, liked.tweetAuthorId(), NotificationType.LIKE, liked.userId(), liked.tweetId());
        } else if (event instanceof TweetCreated created) {
            TweetSnapshot tweet = created.tweet();
            if (tweet.replyToAuthorId() != null) {
                add(planned, tweet.replyToAuthorId(), NotificationType.REPLY, tweet.authorId(), tweet.id());
            }
            Set<Long> mentioned = new LinkedHashSet<>();
            if (tweet.mentions() != null) {
                tweet.mentions().forEach(mention -> mentioned.add(mention.userId()));
            }
            if (tweet.replyToAuthorId() != null) {
                mentioned.remove(tweet.replyToAuthorId());
            }
            mentioned.forEach(user -> add(planned, user, NotificationType.MENTION, tweet.authorId(), tweet.id()));
        }
        return planned;
    }

    private static void add(List<PlannedNotification> planned, long recipient, NotificationType type, long actor,
                            Long tweetId) {
        if (recipient != actor) {
            planned.add(new PlannedNotification(recipient, type, actor, tweetId));
        }
    }
}
