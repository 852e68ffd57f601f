package dev.chirp.tweet;

import dev.chirp.shared.web.OperationDocs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** tweet-service's calls as docs/03-api.md "Tweets and likes" states them (see OperationDocs). */
@Configuration(proxyBeanMethods = false)
class TweetApiDocs {

    private static final String TWEETS = "Tweets";
    private static final String LIKES = "Likes";

    @Bean
    OperationDocs tweetOperationDocs() {
        return new OperationDocs()
                .tag(TWEETS, "Posting, reading and deleting tweets; replies; a user's own tweets (user timeline).")
                .tag(LIKES, "Liking and unliking (idempotent), and the tweets a user liked.")
                .operation("post", op -> op.id("postTweet").tag(TWEETS).summary("Post a tweet")
                        .description("Text of 1..280 code points after NFC, or empty with at least one photo; at most "
                                + "4 media_ids, each uploaded by the caller; reply_to_id must exist. The same "
                                + "Idempotency-Key from the same user within 24 h answers the first tweet again and "
                                + "creates nothing.")
                        .success(201, "The new tweet (or the first one posted with this Idempotency-Key).", null, null)
                        .header(201, "Location", "The tweet's URL.")
                        .answer(400, "Invalid text, media, reply target, location or Idempotency-Key.")
                        .answer(409, "The first request with this Idempotency-Key is still running, or its tweet "
                                + "was deleted."))
                .operation("tweet", op -> op.id("getTweet").tag(TWEETS).summary("Read a tweet")
                        .description("`liked_by_me` is null for an anonymous reader.")
                        .answer(404, "No such tweet, or deleted."))
                .operation("delete", op -> op.id("deleteTweet").tag(TWEETS).summary("Delete your tweet")
                        .description("The tweet then leaves every timeline, search result and like list.")
                        .answer(403, "Not the author.")
                        .answer(404, "No such tweet."))
                .operation("replies", op -> op.id("listReplies").tag(TWEETS).summary("List a tweet's replies")
                        .description("A page of replies, oldest first.")
                        .answer(400, "A bad limit or cursor.")
                        .answer(404, "No such tweet."))
                .operation("userTimeline", op -> op.id("listUserTweets").tag(TWEETS)
                        .summary("List a user's tweets (user timeline)")
                        .description("A page of the user's tweets, newest first. A page may hold fewer than limit "
                                + "items and still carry next_cursor; only a null next_cursor is the end.")
                        .answer(400, "A bad limit or cursor.")
                        .answer(404, "No such user."))
                .operation("like", op -> op.id("likeTweet").tag(LIKES).summary("Like a tweet")
                        .description("Idempotent: liking twice counts once.")
                        .answer(404, "No such tweet."))
                .operation("unlike", op -> op.id("unlikeTweet").tag(LIKES).summary("Unlike a tweet")
                        .description("Idempotent.")
                        .answer(404, "No such tweet."))
                .operation("likedBy", op -> op.id("listLikes").tag(LIKES).summary("List the tweets a user liked")
                        .description("A page of tweets, most recent like first.")
                        .answer(400, "A bad limit or cursor.")
                        .answer(404, "No such user."));
    }
}
