package dev.chirp.tweet.tweets;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import dev.chirp.shared.id.ChirpIds;

/**
 * Per-user lists are partitioned by month (DESIGN.md rule 7), written as {@code yyyymm}. Readers walk months
 * backwards from the newest, and never before the month of the ID epoch, so a walk is bounded.
 */
public final class MonthBuckets {

    public static final int FIRST = of(ChirpIds.EPOCH);

    private MonthBuckets() {
    }

    public static int of(Instant time) {
        YearMonth month = YearMonth.from(time.atOffset(ZoneOffset.UTC));
        return month.getYear() * 100 + month.getMonthValue();
    }

    public static int previous(int month) {
        return month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1;
    }
}
