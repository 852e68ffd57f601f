package dev.chirp.tweet.posting;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/tweets}; boxed types so that absent fields are checked here, not by Jackson. Every
 * field may be absent (null), and so may an entry of {@code media_ids} ({@code [null]}): {@code TweetPoster} checks.
 */
record PostTweetRequest(@Nullable String text, @Nullable List<@Nullable String> mediaIds, @Nullable String replyToId,
                        @Nullable Location location) {

    record Location(@Nullable Double lat, @Nullable Double lon) {
    }
}
