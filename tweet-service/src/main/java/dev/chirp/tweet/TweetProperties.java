package dev.chirp.tweet;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * tweet-service's own settings; each is overridable by an environment variable (see README.md).
 *
 * @param media       media-service's internal API: base URL (several, comma-separated in an environment variable,
 *                    for several instances, taken in turn) and the short timeouts of docs/internal-apis.md
 * @param cache       the Redis caches of the read path: key prefix and the time to live of tweet bodies, counts
 *                    and who-liked-what (a count lags a change only when Redis failed to take the change's
 *                    invalidation, then by at most {@code countsTtl}), and how long
 *                    this process keeps an author card (a renamed user's old card may show that long)
 * @param idempotency how long an Idempotency-Key is remembered and how long a repeat waits for the first request
 */
@ConfigurationProperties("chirp.tweet")
public record TweetProperties(@DefaultValue Media media, @DefaultValue Cache cache,
                              @DefaultValue Idempotency idempotency) {

    public record Media(@DefaultValue("http://127.0.0.1:8085") List<URI> url,
                        @DefaultValue("1s") Duration connectTimeout,
                        @DefaultValue("5s") Duration readTimeout) {
    }

    public record Cache(@DefaultValue("chirp:tweet:") String keyPrefix, @DefaultValue("1h") Duration ttl,
                        @DefaultValue("5m") Duration countsTtl, @DefaultValue("10m") Duration likedTtl,
                        @DefaultValue("30s") Duration cardsTtl) {
    }

    public record Idempotency(@DefaultValue("24h") Duration ttl, @DefaultValue("5s") Duration repeatWait) {
    }
}
