package dev.chirp.tweet.tweets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.time.MonthBuckets;
import dev.chirp.shared.time.MonthWalk;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * tweets_by_id and its indexes (tweets_by_user, replies_by_parent). Writes are handed out as statements so that
 * callers put them into one logged batch with their outbox row.
 */
@Component
public class TweetStore {

    private final CqlSession session;
    private final JsonMapper json;
    private final PreparedStatement insertTweet;
    private final PreparedStatement insertByUser;
    private final PreparedStatement insertReply;
    private final PreparedStatement markDeleted;
    private final PreparedStatement deleteByUser;
    private final PreparedStatement deleteReply;
    private final PreparedStatement selectOne;
    private final PreparedStatement selectMany;
    private final PreparedStatement selectUserTimeline;
    private final PreparedStatement selectReplies;

    TweetStore(CqlSession session, JsonMapper json) {
        this.session = session;
        this.json = json;
        this.insertTweet = session.prepare(
                "INSERT INTO tweets_by_id (tweet_id, author_id, body, deleted) VALUES (?, ?, ?, false)");
        this.insertByUser = session.prepare(
                "INSERT INTO tweets_by_user (author_id, month, tweet_id) VALUES (?, ?, ?)");
        this.insertReply = session.prepare("INSERT INTO replies_by_parent (parent_id, tweet_id) VALUES (?, ?)");
        this.markDeleted = session.prepare("UPDATE tweets_by_id SET deleted = true WHERE tweet_id = ?");
        this.deleteByUser = session.prepare(
                "DELETE FROM tweets_by_user WHERE author_id = ? AND month = ? AND tweet_id = ?");
        this.deleteReply = session.prepare("DELETE FROM replies_by_parent WHERE parent_id = ? AND tweet_id = ?");
        this.selectOne = session.prepare("SELECT tweet_id, body, deleted FROM tweets_by_id WHERE tweet_id = ?");
        this.selectMany = session.prepare("SELECT tweet_id, body, deleted FROM tweets_by_id WHERE tweet_id IN ?");
        this.selectUserTimeline = session.prepare("SELECT tweet_id FROM tweets_by_user "
                + "WHERE author_id = ? AND month = ? AND tweet_id < ? LIMIT ?");
        this.selectReplies = session.prepare(
                "SELECT tweet_id FROM replies_by_parent WHERE parent_id = ? AND tweet_id > ? LIMIT ?");
    }

    public List<BoundStatement> insert(StoredTweet tweet) {
        List<BoundStatement> statements = new ArrayList<>(3);
        statements.add(insertTweet.bind(tweet.id(), tweet.authorId(), json.writeValueAsString(tweet)));
        statements.add(insertByUser.bind(tweet.authorId(), MonthBuckets.of(tweet.createdAt()), tweet.id()));
        if (tweet.replyToId() != null) {
            statements.add(insertReply.bind(tweet.replyToId(), tweet.id()));
        }
        return statements;
    }

    List<BoundStatement> delete(StoredTweet tweet) {
        List<BoundStatement> statements = new ArrayList<>(3);
        statements.add(markDeleted.bind(tweet.id()));
        statements.add(deleteByUser.bind(tweet.authorId(), MonthBuckets.of(tweet.createdAt()), tweet.id()));
        if (tweet.replyToId() != null) {
            statements.add(deleteReply.bind(tweet.replyToId(), tweet.id()));
        }
        return statements;
    }

    /** The tweet, deleted or not: empty only when it never existed. */
    public Optional<Stored> find(long id) {
        Row row = session.execute(selectOne.bind(id)).one();
        return row == null ? Optional.empty() : Optional.of(toStored(row));
    }

    /** The tweets that exist and are not deleted, by ID. */
    Map<Long, StoredTweet> findLive(Collection<Long> ids) {
        Map<Long, StoredTweet> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        for (Row row : session.execute(selectMany.bind(List.copyOf(ids)))) {
            Stored stored = toStored(row);
            if (!stored.deleted()) {
                found.put(stored.tweet().id(), stored.tweet());
            }
        }
        return found;
    }

    /**
     * Up to {@code limit} IDs of the author's tweets older than {@code beforeId} ({@code Long.MAX_VALUE} for the
     * first page), newest first, walking month partitions backwards: at most {@link MonthBuckets#MAX_PER_PAGE} of
     * them, never later than now (plus the clock skew) nor before the month the author's account was made.
     */
    IdPage userTimeline(long authorId, long beforeId, int limit) {
        List<Long> ids = new ArrayList<>(limit);
        // the newest ID the page can hold is beforeId - 1: a cursor at a month's first ID starts in the month before
        MonthWalk walk = MonthWalk.ofUser(authorId, MonthBuckets.ofId(beforeId - 1), Instant.now());
        while (walk.hasNext() && ids.size() < limit) {
            for (Row row : session.execute(selectUserTimeline.bind(authorId, walk.next(), beforeId,
                    limit - ids.size()))) {
                ids.add(row.getLong("tweet_id"));
            }
        }
        return new IdPage(ids, ids.size() < limit ? walk.resumeBeforeId().orElse(null) : null);
    }

    /** Up to {@code limit} IDs of replies to {@code parentId} newer than {@code afterId}, oldest first. */
    List<Long> replies(long parentId, long afterId, int limit) {
        List<Long> ids = new ArrayList<>(limit);
        for (Row row : session.execute(selectReplies.bind(parentId, afterId, limit))) {
            ids.add(row.getLong("tweet_id"));
        }
        return ids;
    }

    private Stored toStored(Row row) {
        return new Stored(json.readValue(row.getString("body"), StoredTweet.class), row.getBoolean("deleted"));
    }

    /**
     * A page of IDs; {@code resumeBeforeId} is set when the walk stopped at its partition cap before the page was
     * full: the next page holds the IDs below it.
     */
    record IdPage(List<Long> ids, @Nullable Long resumeBeforeId) {
    }

    /** A row of tweets_by_id: the tweet and whether it was deleted. */
    public record Stored(StoredTweet tweet, boolean deleted) {
    }
}
