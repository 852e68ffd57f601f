package dev.chirp.shared.time;

import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;

import dev.chirp.shared.id.ChirpIds;

/**
 * The buckets one page may read, newest first: from {@code newest} (never later than {@link MonthBuckets#newest})
 * down to {@code oldest} (never earlier than {@link MonthBuckets#FIRST}), at most {@link MonthBuckets#MAX_PER_PAGE}
 * of them. A reader asks {@link #hasNext()} before each bucket and stops early once its page is full; when the walk
 * stopped at the cap instead, {@link #resumeBefore()} says where the next page starts, so the page answers what it
 * found with a cursor that continues the walk and no item is skipped.
 */
public final class MonthWalk {

    private final int oldest;
    private int next;
    private int visited;
    private int last;

    private MonthWalk(int newest, int oldest) {
        this.next = newest;
        this.oldest = oldest;
    }

    /** A walk from {@code newest} to {@code oldest}, both clamped to the buckets that can exist at {@code now}. */
    public static MonthWalk between(int newest, int oldest, Instant now) {
        return new MonthWalk(Math.min(newest, MonthBuckets.newest(now)), Math.max(oldest, MonthBuckets.FIRST));
    }

    /**
     * A walk over what user {@code userId} wrote (their tweets, their likes): from {@code newest} down to the month
     * their account was made ({@link MonthBuckets#oldestFor}).
     */
    public static MonthWalk ofUser(long userId, int newest, Instant now) {
        return between(newest, MonthBuckets.oldestFor(userId, now), now);
    }

    /** A walk from {@code newest} down to the first bucket there is. */
    public static MonthWalk from(int newest, Instant now) {
        return between(newest, MonthBuckets.FIRST, now);
    }

    public boolean hasNext() {
        return next >= oldest && visited < MonthBuckets.MAX_PER_PAGE;
    }

    public int next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        last = next;
        next = MonthBuckets.previous(next);
        visited++;
        return last;
    }

    /**
     * The exclusive upper bound (in time) of the next page when this walk stopped at the cap with older buckets
     * left: the start of the last bucket read. Empty when the walk reached its oldest bucket.
     */
    public Optional<Instant> resumeBefore() {
        return visited > 0 && next >= oldest ? Optional.of(MonthBuckets.start(last)) : Optional.empty();
    }

    /** {@link #resumeBefore()} as an exclusive ID bound, for lists ordered by time-ordered IDs. */
    public Optional<Long> resumeBeforeId() {
        return resumeBefore().map(ChirpIds::lowestAt);
    }
}
