package dev.chirp.bench.workload;

import java.util.List;

/**
 * Sizes and rates of one bench. {@link #quick()} keeps the whole bench within about five minutes on a busy 2-core
 * machine; {@link #full()} runs longer steps over the whole default world.
 *
 * @param users              the data set: seeded accounts the workloads draw users from (uniformly)
 * @param mediaPerUser       images each of those users owns for the posts' media references (the API takes ≤ 4)
 * @param warmUpSeconds      the social mix runs this long first, unreported
 * @param fanOutFollowers    followers per fan-out author: that many audience accounts (capped one below the celebrity
 *                           threshold)
 * @param fanOutPostRate     upper bound of the steady fan-out phase's post rate (it asks for half the burst's capacity)
 * @param fanOutSeconds      length of the steady fan-out phase
 * @param celebrityFollowers followers the celebrity ({@code seed_000001}) must have: audience accounts are made to
 *                           follow it when it has fewer
 */
public record BenchPlan(String mode, int users, int seedTweetsPerUser, int mediaPerUser,
                        int warmUpSeconds, double mixRate, int mixSeconds, int stepSeconds,
                        List<Double> sweepRates, int sweepSeconds,
                        int fanOutAuthors, int fanOutFollowers, double fanOutPostRate, int fanOutSeconds,
                        int celebrityFollowers, double celebrityReadRate, double celebrityPostRate,
                        double searchRate, int redisRequests, long kafkaRecords) {

    public static BenchPlan quick() {
        return new BenchPlan("quick", 300, 2, 2, 10, 30, 30, 12, List.of(20.0, 40.0, 80.0, 120.0, 160.0), 10,
                2, 300, 20, 12, 1_000, 30, 1, 15, 50_000, 100_000);
    }

    public static BenchPlan full() {
        // 60/s of the social mix saturated these 2 cores (every request queued into the 15 s timeout): the mix
        // runs at 30/s, and the sweep finds the home-timeline ceiling on its own.
        return new BenchPlan("full", 2_000, 5, 4, 30, 30, 60, 30,
                List.of(20.0, 40.0, 60.0, 80.0, 100.0, 120.0, 160.0), 20,
                2, 10_000, 20, 60, 100_000, 60, 1, 30, 200_000, 500_000);
    }
}
