package dev.chirp.timeline;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import dev.chirp.shared.id.ChirpIds;

/**
 * Per-user lists are partitioned by (user, month) to keep partitions bounded (DESIGN.md rule 7). A bucket is
 * the month as {@code yyyymm}; readers walk buckets from newest to oldest.
 */
public final class MonthBuckets {

    private MonthBuckets() {
    }

    public static int of(Instant time) {
        YearMonth month = YearMonth.from(time.atZone(ZoneOffset.UTC));
        return month.getYear() * 100 + month.getMonthValue();
    }

    /** The bucket of a time-ordered ID. */
    public static int ofId(long id) {
        return of(ChirpIds.timeOf(id));
    }

    public static int previous(int bucket) {
        int year = bucket / 100;
        int month = bucket % 100;
        return month == 1 ? (year - 1) * 100 + 12 : bucket - 1;
    }
}
