package dev.chirp.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.world.Accounts;
import dev.chirp.bench.world.SeededUser;
import org.HdrHistogram.Histogram;

/**
 * {@code ./chirp chaos}: the social mix at a steady rate against the cluster topology while, in turn, one Cassandra
 * node, the Kafka broker leading the busiest partition, one Redis primary, one Elasticsearch node and the first
 * instance of each service are killed with SIGKILL and brought back; then every acknowledged write is audited
 * (WriteAudit) and the report is written (ChaosReport).
 */
public final class ChaosRun {

    /**
     * @param users     accounts made for the run (each follows {@code follows} others at the start)
     * @param rate      requests per second of the mix, open loop
     * @param warmUp    load before the first fault
     * @param before    load between two faults, before the kill
     * @param down      how long a killed process stays down
     * @param after     load after the process is back and ready, still counted to its fault
     * @param faults    which faults: cassandra, kafka, redis, elasticsearch, services (the first instance of each),
     *                  or a service by name (its first instance)
     */
    public record Plan(int users, int follows, double rate, Duration warmUp, Duration before, Duration down,
                       Duration after, List<String> faults) {

        public static final List<String> ALL = List.of("cassandra", "kafka", "redis", "elasticsearch", "services");

        public static Plan of(int users, double rate, int downSeconds, int afterSeconds, String faults) {
            List<String> chosen = Arrays.stream(faults.split(",")).map(String::strip).filter(f -> !f.isEmpty())
                    .toList();
            for (String fault : chosen) {
                if (!ALL.contains(fault) && !FaultTargets.SERVICES.contains(fault)) {
                    throw new IllegalArgumentException("unknown fault '" + fault + "'; faults: " + ALL
                            + " or one service by name (e.g. tweet-service)");
                }
            }
            if (users < 10 || rate <= 0 || downSeconds < 1 || afterSeconds < 1) {
                throw new IllegalArgumentException("--users ≥ 10, --rate > 0, --down ≥ 1, --after ≥ 1");
            }
            return new Plan(users, 8, rate, Duration.ofSeconds(20), Duration.ofSeconds(10),
                    Duration.ofSeconds(downSeconds), Duration.ofSeconds(afterSeconds), chosen);
        }
    }

    /** One fault as it happened, in milliseconds since the start of the load. */
    record Fault(String label, String process, long killedAt, long restartedAt, long readyAt, long endAt,
                 boolean restarted) {
    }

    /**
     * The outcomes of one window: requests, failures (5xx or no answer), p99, when the last failure was, and the
     * failures counted by request and what they were ("home: 503 ...").
     */
    record Window(int requests, int failures, double p99Millis, long lastFailureAt, Map<String, Integer> failureKinds) {

        double errorRate() {
            return requests == 0 ? 0 : (double) failures / requests;
        }

        static Window of(List<ChaosLoad.Outcome> outcomes, long from, long to) {
            Histogram histogram = new Histogram(60_000_000L, 3);
            int requests = 0;
            int failures = 0;
            long last = -1;
            Map<String, Integer> kinds = new TreeMap<>();
            for (ChaosLoad.Outcome outcome : outcomes) {
                if (outcome.atMillis() < from || outcome.atMillis() >= to) {
                    continue;
                }
                requests++;
                histogram.recordValue(Math.min(Math.max(outcome.micros(), 1), 60_000_000L));
                if (outcome.failed()) {
                    failures++;
                    last = Math.max(last, outcome.atMillis());
                    kinds.merge(outcome.type() + ": " + outcome.failure(), 1, Integer::sum);
                }
            }
            return new Window(requests, failures, requests == 0 ? 0 : histogram.getValueAtPercentile(99) / 1000.0,
                    last, kinds);
        }
    }

    private final Plan plan;
    private final String command;
    private final Path repo;
    private final Path home;

    public ChaosRun(Plan plan, String command, Path repo, Path home) {
        this.plan = plan;
        this.command = command;
        this.repo = repo;
        this.home = home;
    }

    public void run(Path out) throws InterruptedException {
        Instant startedAt = Instant.now();
        ChirpHttp http = new ChirpHttp();
        FaultTargets targets = new FaultTargets(repo, home, http);
        if (!targets.clusterTopology()) {
            throw new IllegalStateException("./chirp chaos needs the cluster topology: ./chirp down && ./chirp up "
                    + "--cluster (one node of a store has nothing to fail over to)");
        }
        String runTag = Long.toString(System.currentTimeMillis() % 1_679_616, 36);
        List<SeededUser> users = accounts(http, runTag);
        AckedWrites writes = new AckedWrites();
        long startNanos = System.nanoTime();
        follows(http, users, writes);
        List<String> gateways = new ArrayList<>(List.of(Endpoints.GATEWAY));
        if (targets.hasSecondInstance("gateway-service")) {
            gateways.add("http://" + Endpoints.HOST + ":8090");
        }
        List<Fault> faults = new ArrayList<>();
        ChaosLoad load = new ChaosLoad(http.client(), http.json(), gateways, users, writes, runTag, startNanos);
        long loadStart = load.nowMillis();
        long loadEnd;
        try {
            System.err.printf("chaos: %d users, %.0f requests/s through %s; warming up %d s%n", users.size(),
                    plan.rate(), gateways, plan.warmUp().toSeconds());
            load.start(plan.rate());
            Thread.sleep(plan.warmUp().toMillis());
            for (Map.Entry<String, Supplier<String>> fault : faultList(targets)) {
                Thread.sleep(plan.before().toMillis());
                String process = fault.getValue().get();
                System.err.printf("chaos: %s: killing %s%n", fault.getKey(), process);
                long killed = load.nowMillis();
                targets.kill(process);
                Thread.sleep(plan.down().toMillis());
                long restarted = load.nowMillis();
                System.err.printf("chaos: %s: starting %s again%n", fault.getKey(), process);
                boolean back = targets.start(process);
                long ready = load.nowMillis();
                Thread.sleep(plan.after().toMillis());
                faults.add(new Fault(fault.getKey(), process, killed, restarted, ready, load.nowMillis(), back));
                // Written after every fault, so that a run stopped halfway still leaves what it measured.
                ChaosReport.write(out, new ChaosReport.Data(command, startedAt, plan, runTag, users.size(), gateways,
                        load.outcomes(), load.nowMillis(), Window.of(load.outcomes(), loadStart,
                        loadStart + plan.warmUp().toMillis()), faults, writes, null));
            }
            Thread.sleep(plan.before().toMillis());
            loadEnd = load.nowMillis();
        } finally {
            load.close();
        }
        if (!load.awaitAnswers(Duration.ofSeconds(10))) {
            System.err.println("chaos: some requests still unanswered 10 s after the load stopped");
        }
        List<ChaosLoad.Outcome> outcomes = load.outcomes();
        System.err.println("chaos: answers by status (-1: none within 5 s): " + outcomes.stream()
                .collect(Collectors.groupingBy(ChaosLoad.Outcome::status, TreeMap::new, Collectors.counting())));
        System.err.println("chaos: load stopped; auditing every acknowledged write");
        WriteAudit.Result audit = new WriteAudit(http, Endpoints.GATEWAY, users, writes).run(Duration.ofSeconds(120));
        Window warmUp = Window.of(outcomes, loadStart, loadStart + plan.warmUp().toMillis());
        ChaosReport.write(out, new ChaosReport.Data(command, startedAt, plan, runTag, users.size(), gateways,
                outcomes, loadEnd, warmUp, faults, writes, audit));
        System.out.printf("%nchaos done: %s; %d acknowledged writes missing%n", out, audit.missing());
    }

    private List<Map.Entry<String, Supplier<String>>> faultList(FaultTargets targets) {
        List<Map.Entry<String, Supplier<String>>> list = new ArrayList<>();
        for (String fault : plan.faults()) {
            switch (fault) {
                case "cassandra" -> list.add(Map.entry("one Cassandra node", () -> "cassandra-3"));
                case "kafka" -> list.add(Map.entry("the Kafka broker leading the busiest partition",
                        targets::busiestKafkaLeader));
                case "redis" -> list.add(Map.entry("one Redis primary", targets::redisPrimary));
                case "elasticsearch" -> list.add(Map.entry("the Elasticsearch node with the tweets' primary",
                        targets::tweetIndexPrimary));
                case "services" -> {
                    for (String service : FaultTargets.SERVICES) {
                        if (targets.hasSecondInstance(service)) {
                            list.add(Map.entry("one instance of " + service, () -> service));
                        } else {
                            System.err.printf("chaos: %s has one instance; not killing it%n", service);
                        }
                    }
                }
                default -> {
                    if (targets.hasSecondInstance(fault)) {
                        list.add(Map.entry("one instance of " + fault, () -> fault));
                    } else {
                        System.err.printf("chaos: %s has one instance; not killing it%n", fault);
                    }
                }
            }
        }
        return list;
    }

    private List<SeededUser> accounts(ChirpHttp http, String runTag) {
        Accounts accounts = new Accounts(http, null);
        List<SeededUser> users = new ArrayList<>();
        for (int i = 0; i < plan.users(); i++) {
            String handle = "cx" + runTag + "_" + i;
            users.add(accounts.open(handle, "Chaos " + i).user());
        }
        return users;
    }

    private void follows(ChirpHttp http, List<SeededUser> users, AckedWrites writes) {
        SplittableRandom random = new SplittableRandom(7);
        for (int follower = 0; follower < users.size(); follower++) {
            int made = 0;
            while (made < plan.follows()) {
                int followee = random.nextInt(users.size());
                if (followee == follower || writes.follows(follower, followee)) {
                    continue;
                }
                ChirpHttp.Reply reply = http.call("PUT", Endpoints.GATEWAY + "/api/v1/users/"
                        + users.get(followee).id() + "/follow", users.get(follower).token(), null, null);
                if (!reply.ok()) {
                    throw reply.failure("follow");
                }
                writes.follow(follower, followee, 0);
                made++;
            }
        }
    }
}
