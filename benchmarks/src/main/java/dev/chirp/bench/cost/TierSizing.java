package dev.chirp.bench.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chirp.bench.report.CapacityPlan;

/**
 * docs/02-capacity-estimation.md's peak load (home-timeline reads and posts at 300 M daily users) priced with this
 * run's CPU milliseconds per request, process by process, then turned into nodes per tier. CPU is one bound; Redis
 * (memory), Cassandra and Elasticsearch (disk) have a second one, and whichever asks for more nodes binds the tier.
 * Everything not measured here is an assumption named in {@link #ASSUMPTIONS}.
 */
record TierSizing(List<Tier> tiers, double redisBytesPerEntry, double searchBytesPerDocument) {

    /** @param binding what decides the node count: "CPU", "memory" or "disk" */
    record Tier(String process, double homeMillis, double postMillis, double peakCores, long cpuNodes,
                long capacityNodes, String capacityBasis, String binding) {

        long nodes() {
            return Math.max(cpuNodes, capacityNodes);
        }
    }

    static final int CORES_PER_NODE = 8;
    static final double TARGET_UTILISATION = 0.6;
    /** A Redis shard runs its commands on one thread, so one core is what a shard has, whatever the node. */
    static final double REDIS_CORES_PER_SHARD = 1.0;
    static final double REDIS_GB_PER_SHARD = 64;
    static final double DISK_TB_PER_NODE = 4;
    /** docs/02: 300 M tweets a day for five years. */
    static final double TWEETS_KEPT = 300e6 * 365 * 5;
    /** docs/02: 1 KB per tweet, 550 TB in five years, RF 3. */
    static final double CASSANDRA_TWEET_TB = 550;
    static final int CASSANDRA_REPLICAS = 3;
    static final int KAFKA_REPLICAS = 3;
    static final int SEARCH_COPIES = 2;

    static final String ASSUMPTIONS = "Nodes of " + CORES_PER_NODE + " cores run at " + Math.round(TARGET_UTILISATION
            * 100) + " % CPU at peak; a Redis shard has " + (int) REDIS_CORES_PER_SHARD + " core and "
            + (int) REDIS_GB_PER_SHARD + " GB; a Cassandra or Elasticsearch node holds " + (int) DISK_TB_PER_NODE
            + " TB; Cassandra keeps the tweets of five years (" + (int) CASSANDRA_TWEET_TB + " TB, 02) "
            + CASSANDRA_REPLICAS + " times; Kafka's CPU is multiplied by " + KAFKA_REPLICAS + " for replication factor "
            + KAFKA_REPLICAS + " (this run has one broker); the search index keeps " + SEARCH_COPIES
            + " copies (a replica) of five years of tweets.";

    static TierSizing of(CostBench.Step home, CostBench.Step post, double redisBytesPerEntry,
                         double searchBytesPerDocument) {
        List<Tier> tiers = new ArrayList<>();
        for (String process : ProcessCpu.PROCESSES) {
            double homeMillis = value(home.cpuPerRequest(), process);
            double postMillis = value(post.cpuPerRequest(), process);
            double cores = (CapacityPlan.HOME_PEAK * homeMillis + CapacityPlan.POSTS_PEAK * postMillis) / 1000;
            if (process.equals("kafka")) {
                cores *= KAFKA_REPLICAS;
            }
            long cpuNodes = process.equals("redis")
                    ? (long) Math.ceil(cores / (REDIS_CORES_PER_SHARD * TARGET_UTILISATION))
                    : (long) Math.ceil(cores / (CORES_PER_NODE * TARGET_UTILISATION));
            long capacityNodes = 0;
            String basis = "";
            switch (process) {
                case "redis" -> {
                    double terabytes = CapacityPlan.TIMELINE_ENTRIES * redisBytesPerEntry / 1e12;
                    capacityNodes = (long) Math.ceil(terabytes * 1000 / REDIS_GB_PER_SHARD);
                    basis = String.format(java.util.Locale.ROOT, "memory: 600 M × 800 entries × %.1f B = %.1f TB",
                            redisBytesPerEntry, terabytes);
                }
                case "cassandra" -> {
                    double terabytes = CASSANDRA_TWEET_TB * CASSANDRA_REPLICAS;
                    capacityNodes = (long) Math.ceil(terabytes / DISK_TB_PER_NODE);
                    basis = String.format(java.util.Locale.ROOT, "disk: %.0f TB × RF %d", CASSANDRA_TWEET_TB,
                            CASSANDRA_REPLICAS);
                }
                case "elasticsearch" -> {
                    double terabytes = TWEETS_KEPT * searchBytesPerDocument * SEARCH_COPIES / 1e12;
                    capacityNodes = (long) Math.ceil(terabytes / DISK_TB_PER_NODE);
                    basis = String.format(java.util.Locale.ROOT, "disk: %.0f B per indexed tweet × %d copies = %.0f TB",
                            searchBytesPerDocument, SEARCH_COPIES, terabytes);
                }
                default -> {
                }
            }
            String binding = capacityNodes > cpuNodes ? (process.equals("redis") ? "memory" : "disk") : "CPU";
            tiers.add(new Tier(process, homeMillis, postMillis, cores, cpuNodes, capacityNodes, basis, binding));
        }
        return new TierSizing(tiers, redisBytesPerEntry, searchBytesPerDocument);
    }

    private static double value(Map<String, Double> perRequest, String process) {
        Double value = perRequest.get(process);
        return value == null || value.isNaN() ? 0 : value;
    }
}
