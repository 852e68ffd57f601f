package dev.chirp.bench.workload;

import java.util.List;

/**
 * Sizes and rates of one bench. {@link #quick()} keeps the whole bench within about five minutes on a busy 2-core
 * machine; {@link #full()} runs longer steps over the whole default world.
 *
 * @param users              the data set: seeded accounts the workloads draw users from (uniformly)
 * @param mediaPerUser       images each of those users owns for the posts' media references (the API takes ≤ 4)
 * @param warmUpSeconds      the social mix runs this long first, unreported
 * @param fanOutFollowers    wanted followers per fan-out author (capped below the celebrity threshold and by users)
 * @param celebrityFollowers wanted followers of the celebrity (capped by the world's size)
 */
public record BenchPlan(String mode, int users, int seedTweetsPerUser, int mediaPerUser,
                        int warmUpSeconds, double mixRate, int mixSeconds, int stepSeconds,
                        List<Double> sweepRates, int sweepSeconds,
                        int fanOutAuthors, int fanOutFollowers, double fanOutPostRate, int fanOutSeconds,
                        int celebrityFollowers, double celebrityReadRate, double celebrityPostRate,
                        double searchRate, int redisRequests, long kafkaRecords) {

    public static BenchPlan quick() {
        return new BenchPlan("quick", 300, 2, 2, 10, 30, 30, 12, List.of(20.0, 40.0, 80.0, 120.0, 160.0), 10,
                2, 10_000, 20, 4, 100_000, 30, 1, 15, 50_000, 100_000);
    }

    public static BenchPlan full() {
        return new BenchPlan("full", 2_000, 5, 4, 30, 60, 120, 60,
                List.of(25.0, 50.0, 100.0, 150.0, 200.0, 300.0, 400.0), 30,
                4, 10_000, 20, 15, 100_000, 60, 1, 30, 200_000, 500_000);
    }
}
