package dev.chirp.shared.time;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import dev.chirp.shared.id.ChirpIds;

/**
 * The one rule for month-bucketed lists (docs/06-detailed-design.md, "Partitioning"): per-user lists are partitioned
 * by (user, month), the month written as {@code yyyymm}, and readers walk buckets from newest to oldest.
 *
 * <p>It also says which buckets can hold anything: none before the month of the ID epoch (nothing was written
 * before it) and none after the month of now plus {@link #CLOCK_SKEW}. A walk is bounded by both ends and, per
 * page, by {@link #MAX_PER_PAGE} (see {@link MonthWalk}), so no cursor can make a request read more than that many
 * partitions.
 */
public final class MonthBuckets {

    /** The month of the ID epoch: the oldest bucket any list can have. */
    public static final int FIRST = of(ChirpIds.EPOCH);

    /**
     * How far ahead of this instance's clock another instance's clock may be: an item it stamped "now" must still
     * be found, and a cursor it made must still be accepted.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * The most partitions one page reads. A year: a page over a list that was busy in the last year costs at most
     * twelve single-partition queries (about 10 ms here); a sparse list pages on with a cursor instead of one
     * request walking every month since the epoch.
     */
    public static final int MAX_PER_PAGE = 12;

    private MonthBuckets() {
    }

    public static int of(Instant time) {
        YearMonth month = YearMonth.from(time.atOffset(ZoneOffset.UTC));
        return month.getYear() * 100 + month.getMonthValue();
    }

    /** The bucket of a time-ordered ID. */
    public static int ofId(long id) {
        return of(ChirpIds.timeOf(id));
    }

    public static int previous(int bucket) {
        return bucket % 100 == 1 ? (bucket / 100 - 1) * 100 + 12 : bucket - 1;
    }

    /** The first instant of a bucket. */
    public static Instant start(int bucket) {
        return YearMonth.of(bucket / 100, bucket % 100).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The oldest bucket that can hold what user {@code userId} wrote (their tweets, their likes): nothing is written
     * before the account exists, and account IDs are time-ordered (user-service takes them from the ID generator),
     * so it is the month of the ID less {@link #CLOCK_SKEW}, the most the clock that stamped a write may lag the one
     * that made the account. An ID whose time is after {@code now} plus the skew was not made by the generator
     * (a test's or an import's); for it, every bucket since {@link #FIRST} can.
     *
     * <p>A walk down to this bucket instead of {@link #FIRST} reads one or two partitions for a user of this
     * month, where it read {@link #MAX_PER_PAGE}: most of a user-timeline page's CPU in Cassandra when the user has
     * fewer tweets than the page holds (docs/07-bottlenecks-and-reliability.md, "Cost per request").
     */
    public static int oldestFor(long userId, Instant now) {
        Instant created = ChirpIds.timeOf(userId);
        if (!isPossible(created, now)) {
            return FIRST;
        }
        return Math.max(FIRST, of(created.minus(CLOCK_SKEW)));
    }

    /** The newest bucket that can hold anything at {@code now}. */
    public static int newest(Instant now) {
        return of(latestPossible(now));
    }

    /** The latest time an item or a cursor position can carry at {@code now}. */
    public static Instant latestPossible(Instant now) {
        return now.plus(CLOCK_SKEW);
    }

    /** Whether an item could have been written at {@code time}: from the ID epoch to now plus the clock skew. */
    public static boolean isPossible(Instant time, Instant now) {
        return !time.isBefore(ChirpIds.EPOCH) && !time.isAfter(latestPossible(now));
    }
}
