package dev.chirp.bench.world;

/**
 * The deterministic identity of seeded account number {@code rank} (1-based): rank 1 is the most followed. A re-run
 * finds the same accounts by these names.
 */
public final class SeedHandles {

    /** Every seeded account has this password; the world is demo data. */
    public static final String PASSWORD = "chirp-seed-password";

    private SeedHandles() {
    }

    public static String handle(int rank) {
        return String.format("seed_%06d", rank);
    }

    public static String email(String handle) {
        return handle + "@seed.chirp.test";
    }
}
