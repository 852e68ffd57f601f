package dev.chirp.tweet.posting;

import java.util.Optional;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.error.ApiException;
import dev.chirp.tweet.TweetProperties;
import org.springframework.stereotype.Component;

/**
 * Idempotency-Key → the tweet it created, per user, for 24 h. A key is claimed with a lightweight transaction
 * before the tweet is written (Cassandra cannot put an LWT into a multi-partition batch), so exactly one request
 * per key writes a tweet; a claim whose write failed is released so the client can retry.
 */
@Component
class IdempotencyKeys {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final CqlSession session;
    private final PreparedStatement claim;
    private final PreparedStatement select;
    private final PreparedStatement release;

    IdempotencyKeys(CqlSession session, TweetProperties properties) {
        this.session = session;
        int ttl = (int) properties.idempotency().ttl().toSeconds();
        this.claim = session.prepare("INSERT INTO idempotency_keys (user_id, idempotency_key, tweet_id) "
                + "VALUES (?, ?, ?) IF NOT EXISTS USING TTL " + ttl);
        this.select = session.prepare(
                "SELECT tweet_id FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?");
        this.release = session.prepare(
                "DELETE FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ? IF tweet_id = ?");
    }

    /** 400 for a key that is not 1..255 printable ASCII characters. */
    static void check(String key) {
        if (!KEY.matcher(key).matches()) {
            throw ApiException.invalid("Idempotency-Key", "must be 1..255 printable ASCII characters");
        }
    }

    Optional<Long> find(long userId, String key) {
        Row row = session.execute(select.bind(userId, key)).one();
        return row == null ? Optional.empty() : Optional.of(row.getLong("tweet_id"));
    }

    /** Empty when this request now owns the key; otherwise the tweet ID of the request that owns it. */
    Optional<Long> claim(long userId, String key, long tweetId) {
        Row row = session.execute(claim.bind(userId, key, tweetId)).one();
        return row.getBoolean("[applied]") ? Optional.empty() : Optional.of(row.getLong("tweet_id"));
    }

    void release(long userId, String key, long tweetId) {
        session.execute(release.bind(userId, key, tweetId));
    }
}
