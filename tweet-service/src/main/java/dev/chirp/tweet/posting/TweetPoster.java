package dev.chirp.tweet.posting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
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
import org.springframework.stereotype.Component;

/**
 * The write path (docs/design-rules.md): check everything first (text, media ownership, reply target, location), then one
 * logged batch writes the tweet, its indexes and its TweetCreated outbox row. Nothing is written when a check fails.
 */
@Component
class TweetPoster {

    static final int MAX_MEDIA = 4;

    private final CqlSession session;
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

    TweetPoster(CqlSession session, TimeOrderedIdGenerator ids, TweetStore store, TweetReader reader,
                Engagement engagement, UserProjection users, MediaClient media, IdempotencyKeys keys, Outbox outbox,
                KeyLocks locks, TweetProperties properties) {
        this.session = session;
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
            session.execute(batch);
        } catch (RuntimeException e) {
            if (idempotencyKey != null) {
                keys.release(authorId, idempotencyKey, id);
            }
            throw e;
        }
        if (replyToId != null) {
            engagement.addReplies(replyToId, 1);
        }
        outbox.nudge(event);
        return id;
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
