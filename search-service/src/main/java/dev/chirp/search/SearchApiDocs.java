package dev.chirp.search;

import static dev.chirp.shared.web.OperationDocs.ref;

import dev.chirp.shared.web.OperationDocs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** search-service's calls as docs/03-api.md "Search and trends" states them (see OperationDocs). */
@Configuration(proxyBeanMethods = false)
class SearchApiDocs {

    private static final String SEARCH = "Search";

    @Bean
    OperationDocs searchOperationDocs() {
        return new OperationDocs()
                .tag(SEARCH, "Full-text search of tweets and users, and trending hashtags.")
                // The pages hold the tweets and users as tweet- and user-service render them (JsonNode here).
                .operation("searchTweets", op -> op.id("searchTweets").tag(SEARCH).summary("Search tweets")
                        .description("Best match first. `q` combines words, \"exact phrases\", #hashtag, "
                                + "from:handle and near:lat,lon,km. A new tweet is searchable within seconds; a "
                                + "deleted one is gone. Pages may shift when new tweets match (not a snapshot).")
                        .success(200, "A page of tweets.", "application/json", ref("PageTweetView"))
                        .answer(400, "A bad query, limit or cursor."))
                .operation("searchUsers", op -> op.id("searchUsers").tag(SEARCH).summary("Search users")
                        .description("Users whose handle or display name matches, prefixes included.")
                        .success(200, "A page of users.", "application/json", ref("PageUserView"))
                        .answer(400, "A bad query, limit or cursor."))
                .operation("trends", op -> op.id("listTrends").tag(SEARCH).summary("List trending hashtags")
                        .description("The hashtags rising fastest in the last hour (window PT1H), at most `limit` "
                                + "(default 10); a tag needs enough distinct authors in the window to appear.")
                        .answer(400, "A bad limit."));
    }
}
