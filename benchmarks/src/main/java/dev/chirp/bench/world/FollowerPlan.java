package dev.chirp.bench.world;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Who follows whom in a seeded world of {@code users} accounts: account of rank r has about (users − 1) / r^exponent
 * followers (at least one), a power law in which rank 1 is followed by everyone, rank 2 by half, and the tail by a
 * handful. The followers of each account are a deterministic random choice, so re-running the seeder asks for the
 * same follows (which are idempotent).
 */
public final class FollowerPlan {

    private final int users;
    private final double exponent;
    private final long seed;

    public FollowerPlan(int users, double exponent, long seed) {
        if (users < 2) {
            throw new IllegalArgumentException("a world needs at least two users");
        }
        this.users = users;
        this.exponent = exponent;
        this.seed = seed;
    }

    public int followerCount(int rank) {
        long count = Math.round((users - 1) / Math.pow(rank, exponent));
        return (int) Math.max(1, Math.min(users - 1, count));
    }

    /** The ranks (1-based, distinct, never {@code rank} itself) following account {@code rank}. */
    public int[] followersOf(int rank) {
        int count = followerCount(rank);
        // Partial Fisher-Yates over everyone but the account itself.
        int[] others = new int[users - 1];
        for (int i = 0, r = 1; r <= users; r++) {
            if (r != rank) {
                others[i++] = r;
            }
        }
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + rank);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(others.length - i);
            int swap = others[i];
            others[i] = others[j];
            others[j] = swap;
        }
        return Arrays.copyOf(others, count);
    }

    public long totalFollows() {
        long total = 0;
        for (int rank = 1; rank <= users; rank++) {
            total += followerCount(rank);
        }
        return total;
    }

    public int users() {
        return users;
    }
}
