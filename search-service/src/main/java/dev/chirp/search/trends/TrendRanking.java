package dev.chirp.search.trends;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * "Rising fastest": a tag's rise is {@code (last - previous) / sqrt(previous + 1)}, where {@code last} is its tweet
 * count in the last hour and {@code previous} in the hour before. Counts are roughly Poisson, so this is how many
 * standard deviations the last hour stands above what the hour before predicted: a new tag with volume scores its
 * whole count, a busy tag at a steady rate scores about zero whatever its volume, and a busy tag must grow by
 * far more tweets than a quiet one to score the same. Tags below the minimum volume in the last hour are left
 * out; ties go to the larger volume, then alphabetical order.
 */
final class TrendRanking {

    record Counts(long lastHour, long previousHour) {

        double rise() {
            return (lastHour - previousHour) / Math.sqrt(previousHour + 1.0);
        }
    }

    record Trend(String hashtag, long tweetCount) {
    }

    private TrendRanking() {
    }

    static List<Trend> rank(Map<String, Counts> counts, int minTweets, int limit) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getValue().lastHour() >= minTweets)
                .sorted(Comparator.<Map.Entry<String, Counts>>comparingDouble(entry -> -entry.getValue().rise())
                        .thenComparing(entry -> -entry.getValue().lastHour())
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(entry -> new Trend(entry.getKey(), entry.getValue().lastHour()))
                .toList();
    }
}
