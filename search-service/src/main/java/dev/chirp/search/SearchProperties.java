package dev.chirp.search;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param elasticsearchUrl    Elasticsearch's HTTP address; the nodes of a cluster comma-separated
 * @param elasticsearchConnectTimeout how long to wait for a connection to Elasticsearch
 * @param elasticsearchTimeout how long any one Elasticsearch call may wait for its answer (a search, a bulk of one
 *                            consumer batch): a hung cluster then costs a search request this long and a 503, not the
 *                            client's default 30 s
 * @param elasticsearchUsername with {@code elasticsearch-password}: HTTP basic credentials for a cluster with
 *                            security on (a user whose role reaches only this service's indexes); empty: none sent
 * @param elasticsearchPassword the password of {@code elasticsearch-username}
 * @param elasticsearchApiKey the encoded API key ({@code id:key} in base64, as {@code POST /_security/api_key}
 *                            returns it), sent instead of a user and password; empty: none
 * @param indexPrefix         prepended to the index names ({@code chirp-} gives {@code chirp-tweets},
 *                            {@code chirp-users})
 * @param indexShards         primary shards of an index this service creates
 * @param indexReplicas       replicas of an index this service creates (1 or more on a real cluster)
 * @param refreshInterval     how often Elasticsearch makes new documents searchable; set on the indexes at startup
 *                            (on existing ones too). The API promises a new tweet within 2 s: at 1 s, a steady
 *                            40 posts/s gave a post-to-searchable p99 of 1.98 s here, so it is half that
 * @param tweetServiceUrl     base URL of tweet-service's internal API (hydrates tweet hits); several (comma-separated
 *                            in an environment variable) for several instances, which calls take in turn
 * @param userServiceUrl      base URL of user-service's internal API (hydrates user hits); several likewise
 * @param consumerGroupPrefix prepended to the Kafka consumer groups ({@code search-tweet-index},
 *                            {@code search-user-index}, {@code search-trends}): an instance with its own index
 *                            prefix, trends key prefix and group prefix rebuilds its own projections from the
 *                            retained topics (new groups start at the earliest offset) beside the running one
 * @param trends              the trending-hashtags counters
 */
@ConfigurationProperties("chirp.search")
public record SearchProperties(
        @DefaultValue("http://127.0.0.1:9200") String elasticsearchUrl,
        @DefaultValue("1s") Duration elasticsearchConnectTimeout,
        @DefaultValue("5s") Duration elasticsearchTimeout,
        @DefaultValue("") String elasticsearchUsername,
        @DefaultValue("") String elasticsearchPassword,
        @DefaultValue("") String elasticsearchApiKey,
        @DefaultValue("chirp-") String indexPrefix,
        @DefaultValue("1") int indexShards,
        @DefaultValue("0") int indexReplicas,
        @DefaultValue("500ms") Duration refreshInterval,
        @DefaultValue("http://127.0.0.1:8082") List<URI> tweetServiceUrl,
        @DefaultValue("http://127.0.0.1:8081") List<URI> userServiceUrl,
        @DefaultValue("") String consumerGroupPrefix,
        @DefaultValue Trends trends) {

    /**
     * @param keyPrefix prepended to every Redis key of the counters
     * @param minAuthors distinct authors a hashtag needs in the last hour to be listed (tweets by one account
     *                   count once, so one account cannot make a tag trend)
     * @param retention how long a per-minute bucket is kept after its minute (two windows and a margin)
     */
    public record Trends(
            @DefaultValue("chirp:trends:") String keyPrefix,
            @DefaultValue("5") int minAuthors,
            @DefaultValue("PT2H5M") Duration retention) {
    }
}
