package dev.chirp.timeline.notifications;

/** Someone ({@code actorId}) did something that {@code recipientId} hears about; tweetId null for a follow. */
record PlannedNotification(long recipientId, NotificationType type, long actorId, Long tweetId) {
}
