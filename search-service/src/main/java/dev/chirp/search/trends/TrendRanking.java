package dev.chirp.search.trends;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * "Rising fastest": a tag's rise is {@code (last - previous) / sqrt(previous + 1)}, where {@code last} is the number
 * of distinct accounts that used it in the last hour and {@code previous} in the hour before. Counts are roughly
 * Poisson, so this is how many standard deviations the last hour stands above what the hour before predicted: a
 * new tag with volume scores its whole count, a busy tag at a steady rate scores about zero whatever its volume,
 * and a busy tag must grow by far more than a quiet one to score the same. Accounts, not tweets, so that one
 * account repeating a tag weighs as much as one tweet. Tags below the minimum number of accounts in the last hour
 * are left out; ties go to more accounts, then alphabetical order.
 */
final class TrendRanking {

    /**
     * @param authors         distinct authors in the last hour
     * @param previousAuthors distinct authors in the hour before
     * @param tweets          tweets in the last hour (what {@code tweet_count} reports; not used for ranking)
     */
    record Counts(long authors, long previousAuthors, long tweets) {

        double rise() {
            return (authors - previousAuthors) / Math.sqrt(previousAuthors + 1.0);
        }
    }

    record Trend(String hashtag, long tweetCount) {
    }

    private TrendRanking() {
    }

    static List<Trend> rank(Map<String, Counts> counts, int minAuthors, int limit) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getValue().authors() >= minAuthors)
                .sorted(Comparator.<Map.Entry<String, Counts>>comparingDouble(entry -> -entry.getValue().rise())
                        .thenComparing(entry -> -entry.getValue().authors())
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(entry -> new Trend(entry.getKey(), entry.getValue().tweets()))
                .toList();
    }
}
