package dev.chirp.timeline.notifications;

import java.time.Instant;

import dev.chirp.timeline.users.UserCardProjection.Card;

/** docs/03-api.md's notification: {@code {id, type, actor, tweet_id, created_at}}; tweet_id is null for a follow. */
record NotificationView(String id, String type, Card actor, String tweetId, Instant createdAt) {
}
