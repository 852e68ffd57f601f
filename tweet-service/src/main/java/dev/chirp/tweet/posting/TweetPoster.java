package dev.chirp.tweet.posting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import dev.chirp.shared.cassandra.LoggedBatches;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.event.TweetCreated;
import dev.chirp.shared.event.TweetSnapshot;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.id.TimeOrderedIdGenerator;
import dev.chirp.shared.outbox.Outbox;
import dev.chirp.tweet.KeyLocks;
import dev.chirp.tweet.TweetProperties;
import dev.chirp.tweet.tweets.Engagement;
import dev.chirp.tweet.tweets.Media;
import dev.chirp.tweet.tweets.StoredTweet;
import dev.chirp.tweet.tweets.TweetReader;
import dev.chirp.tweet.tweets.TweetStore;
import dev.chirp.tweet.users.UserProjection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The write path (docs/design-rules.md): check everything first (text, media ownership, reply target, location), then one
 * logged batch writes the tweet, its indexes and its TweetCreated outbox row. Nothing is written when a check fails.
 */
@Component
class TweetPoster {

    private static final Logger log = LoggerFactory.getLogger(TweetPoster.class);
    static final int MAX_MEDIA = 4;
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final LoggedBatches batches;
    private final TimeOrderedIdGenerator ids;
    private final TweetStore store;
    private final TweetReader reader;
    private final Engagement engagement;
    private final UserProjection users;
    private final MediaClient media;
    private final IdempotencyKeys keys;
    private final Outbox outbox;
    private final KeyLocks locks;
    private final TweetProperties properties;

    TweetPoster(LoggedBatches batches, TimeOrderedIdGenerator ids, TweetStore store, TweetReader reader,
                Engagement engagement, UserProjection users, MediaClient media, IdempotencyKeys keys, Outbox outbox,
                KeyLocks locks, TweetProperties properties) {
        this.batches = batches;
        this.ids = ids;
        this.store = store;
        this.reader = reader;
        this.engagement = engagement;
        this.users = users;
        this.media = media;
        this.keys = keys;
        this.outbox = outbox;
        this.locks = locks;
        this.properties = properties;
    }

    /** The ID of the tweet posted, or of the one this Idempotency-Key already posted. */
    long post(long authorId, PostTweetRequest request, @Nullable String idempotencyKey) {
        if (idempotencyKey == null) {
            return write(authorId, request, null);
        }
        IdempotencyKeys.check(idempotencyKey);
        return locks.withLock(authorId + ":" + idempotencyKey, () -> keys.find(authorId, idempotencyKey)
                .filter(tweetId -> !abandoned(authorId, idempotencyKey, tweetId))
                .map(this::awaitTweet)
                .orElseGet(() -> write(authorId, request, idempotencyKey)));
    }

    private long write(long authorId, PostTweetRequest request, @Nullable String idempotencyKey) {
        List<Long> mediaIds = mediaIds(request.mediaIds());
        StoredTweet.Location location = location(request.location());
        Long replyToId = request.replyToId() == null ? null : ChirpIds.parse(request.replyToId())
                .orElseThrow(() -> ApiException.invalid("reply_to_id", "is not a tweet ID"));
        TweetText text = TweetText.parse(request.text(), !mediaIds.isEmpty());
        StoredTweet parent = replyToId == null ? null : reader.live(replyToId)
                .orElseThrow(() -> ApiException.invalid("reply_to_id", "no such tweet"));
        List<Media> attached = media.ownedBy(authorId, mediaIds);
        List<StoredTweet.Mention> mentions = new ArrayList<>();
        for (String handle : text.mentionedHandles()) {
            users.byHandle(handle).ifPresent(user -> mentions.add(new StoredTweet.Mention(user.id(), user.handle())));
        }

        long id = ids.nextId();
        Instant createdAt = ChirpIds.timeOf(id);
        StoredTweet tweet = new StoredTweet(id, authorId, text.text(), createdAt, attached, replyToId,
                parent == null ? null : parent.authorId(), List.copyOf(mentions), text.hashtags(), location);
        if (idempotencyKey != null) {
            Optional<Long> owner = keys.claim(authorId, idempotencyKey, id);
            if (owner.isPresent()) {
                return awaitTweet(owner.get());
            }
        }
        BoundStatement event = outbox.insert(new TweetCreated(snapshot(tweet)), createdAt);
        BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED)
                .addAll(store.insert(tweet))
                .add(event);
        try {
            batches.execute(batch);
        } catch (RuntimeException e) {
            if (idempotencyKey != null) {
                releaseAfterFailedBatch(authorId, idempotencyKey, id, e);
            }
            throw e;
        }
        if (replyToId != null) {
            // The reply is written and will be published: refusing it now would make the client post it twice.
            engagement.addReplies(replyToId, 1);
        }
        outbox.nudge(event);
        return id;
    }

    /**
     * The batch failed, most likely because Cassandra is away, and so will this release: the failure of the batch is
     * what the client must hear (a 503), not the release's. A claim left behind points at a tweet that may never
     * exist, which a retry with the key takes over once it is old enough ({@link #abandoned}).
     */
    private void releaseAfterFailedBatch(long authorId, String idempotencyKey, long id, RuntimeException failure) {
        try {
            keys.release(authorId, idempotencyKey, id);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            log.warn("Could not release Idempotency-Key claim of user {} after a failed post: {}", authorId,
                    e.toString());
        }
    }

    /**
     * Whether the claim is one a failed post could not release (Cassandra was away) and may be taken over: its tweet
     * ID is older than {@link #ABANDONED_AFTER} and the tweet does not exist. A logged batch that reached the batch
     * log is replayed within seconds, so a tweet still missing after that was never written. Released here, so the
     * caller writes the tweet as if the key were new.
     */
    private boolean abandoned(long authorId, String idempotencyKey, long tweetId) {
        if (ChirpIds.timeOf(tweetId).isAfter(Instant.now().minus(ABANDONED_AFTER))
                || store.find(tweetId).isPresent()) {
            return false;
        }
        keys.release(authorId, idempotencyKey, tweetId);
        return true;
    }

    /** Waits (bounded) for the tweet that another request with the same key is writing. */
    private long awaitTweet(long tweetId) {
        long deadline = System.nanoTime() + properties.idempotency().repeatWait().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<TweetStore.Stored> stored = store.find(tweetId);
            if (stored.isPresent()) {
                if (stored.get().deleted()) {
                    throw ApiException.conflict("This Idempotency-Key created a tweet that has since been deleted.");
                }
                return tweetId;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw ApiException.conflict("A request with this Idempotency-Key is still in progress; retry later.");
    }

    private TweetSnapshot snapshot(StoredTweet tweet) {
        String handle = users.cards(List.of(tweet.authorId())).get(tweet.authorId()).handle();
        return new TweetSnapshot(tweet.id(), tweet.authorId(), handle, tweet.text(), tweet.createdAt(),
                tweet.media().stream().map(m -> Long.parseLong(m.id())).toList(), tweet.replyToId(),
                tweet.replyToAuthorId(),
                tweet.mentions().stream().map(m -> new TweetSnapshot.Mention(m.id(), m.handle())).toList(),
                tweet.hashtags(),
                tweet.location() == null ? null
                        : new TweetSnapshot.GeoPoint(tweet.location().lat(), tweet.location().lon()));
    }

    private static List<Long> mediaIds(@Nullable List<@Nullable String> raw) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > MAX_MEDIA) {
            throw ApiException.invalid("media_ids", "at most " + MAX_MEDIA + " media per tweet");
        }
        Set<Long> parsed = new LinkedHashSet<>();
        for (String id : raw) {
            long mediaId = ChirpIds.parse(id)
                    .orElseThrow(() -> ApiException.invalid("media_ids", "must be a list of media IDs"));
            if (!parsed.add(mediaId)) {
                throw ApiException.invalid("media_ids", "lists media " + mediaId + " twice");
            }
        }
        return List.copyOf(parsed);
    }

    private static StoredTweet.@Nullable Location location(PostTweetRequest.@Nullable Location location) {
        if (location == null) {
            return null;
        }
        if (location.lat() == null || !(location.lat() >= -90 && location.lat() <= 90)) {
            throw ApiException.invalid("location.lat", "must be a number between -90 and 90");
        }
        if (location.lon() == null || !(location.lon() >= -180 && location.lon() <= 180)) {
            throw ApiException.invalid("location.lon", "must be a number between -180 and 180");
        }
        return new StoredTweet.Location(location.lat(), location.lon());
    }
}
