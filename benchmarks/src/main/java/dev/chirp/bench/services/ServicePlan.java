package dev.chirp.bench.services;

import java.util.List;

import dev.chirp.bench.load.CeilingSearch;

/**
 * Sizes and rates of one per-service bench. {@link #quick()} climbs in coarse steps (× 2.5, at most 3) to keep the
 * whole run near ten minutes on a 2-core machine (when the search index needs no top-up): 14 ladders of 10 s steps
 * leave no room for more; {@link #full()} climbs in finer, longer steps over the whole default world. Start rates are
 * per request type (the service benches), about a third of the ceilings seen on a quiet 2-core machine, so that both
 * ladders bracket them.
 *
 * @param users                bench users: seeded accounts {@code seed_000001}… the requests draw from, uniformly
 * @param factor               each ceiling step offers this many times the rate of the one before
 * @param warmUpSeconds        before each ceiling search, at its start rate, not reported
 * @param fixedRates           the gateway's direct-vs-gateway latency comparison runs at these rates (both paths)
 * @param gatewayWarmUpSeconds each gateway comparison runs this long first at the top fixed rate
 * @param searchTweets         the search index is topped up to at least this many tweets
 * @param burstPosts           posts of the indexing burst when the index needs no top-up
 * @param lagProbes            tweets whose time to searchability is measured during the top-up or burst
 * @param rebuildLimitSeconds  the index rebuild by a second search-service is given up after this long
 * @param steadySeconds        length of the steady posting phase whose indexing lag is measured
 */
public record ServicePlan(String mode, int users, int stepSeconds, double factor, int maxSteps, int warmUpSeconds,
                          List<Double> fixedRates, int fixedSeconds, int gatewayWarmUpSeconds, int searchTweets,
                          int burstPosts, int lagProbes, int rebuildLimitSeconds, int steadySeconds) {

    public static ServicePlan quick() {
        return new ServicePlan("quick", 300, 10, 2.5, 3, 2, List.of(25.0, 100.0), 10, 10, 5_000, 2_000, 40, 180, 12);
    }

    public static ServicePlan full() {
        return new ServicePlan("full", 2_000, 20, 1.5, 7, 10, List.of(25.0, 100.0), 30, 30, 100_000, 2_000, 40, 600,
                30);
    }

    public ServicePlan withUsers(int users) {
        return new ServicePlan(mode, users, stepSeconds, factor, maxSteps, warmUpSeconds, fixedRates, fixedSeconds,
                gatewayWarmUpSeconds, searchTweets, burstPosts, lagProbes, rebuildLimitSeconds, steadySeconds);
    }

    public ServicePlan withSearchTweets(int tweets) {
        return new ServicePlan(mode, users, stepSeconds, factor, maxSteps, warmUpSeconds, fixedRates, fixedSeconds,
                gatewayWarmUpSeconds, tweets, burstPosts, lagProbes, rebuildLimitSeconds, steadySeconds);
    }

    /** A ceiling search from {@code startRate} with this plan's steps, failing at p99 ≥ {@code p99BoundMillis}. */
    CeilingSearch.Settings ceiling(double startRate, double p99BoundMillis) {
        return new CeilingSearch.Settings(startRate, factor, maxSteps, stepSeconds, warmUpSeconds, p99BoundMillis);
    }
}
