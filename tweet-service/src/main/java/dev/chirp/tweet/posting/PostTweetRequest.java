package dev.chirp.tweet.posting;

import java.util.List;

/** The body of {@code POST /api/v1/tweets}; boxed types so that absent fields are checked here, not by Jackson. */
record PostTweetRequest(String text, List<String> mediaIds, String replyToId, Location location) {

    record Location(Double lat, Double lon) {
    }
}
