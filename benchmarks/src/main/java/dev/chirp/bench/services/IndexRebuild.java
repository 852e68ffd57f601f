package dev.chirp.bench.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.RedisClients;
import dev.chirp.bench.baseline.Processes;
import dev.chirp.bench.http.ElasticsearchRest;
import dev.chirp.bench.load.CounterSampler;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * search-service's indexing throughput with no posting rate in front of it: a second instance of the service (the
 * jar in {@code $CHIRP_REPO/search-service/target}) on port {@value #PORT}, under index, trends-key and
 * consumer-group prefixes of its own, replays the retained {@code chirp.tweets} and {@code chirp.users} topics from
 * the earliest offset into indexes of its own (search-service README, "Rebuilding the indexes from the topics").
 * Its tweet index's {@code _count} is read every 200 ms until it reaches the serving index's count, stops growing
 * for 10 s, or the time limit is over. Afterwards the instance is stopped by its PID and its indexes, Redis keys and
 * (with Kafka's tools on hand, as {@code ./chirp bench} passes them) consumer groups are deleted.
 */
final class IndexRebuild {

    static final int PORT = 18084;
    /** The rate is taken over the middle of the climb: JVM start-up before it and the tail after it do not count. */
    static final double FROM = 0.10;
    static final double TO = 0.90;
    static final Duration STALL = Duration.ofSeconds(10);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final String LISTENER_CLASS = "BOOT-INF/classes/dev/chirp/search/tweets/TweetIndexer.class";
    /** search-service's consumer groups; its listeners name them after {@link #GROUP_PREFIX_PLACEHOLDER}. */
    static final List<String> GROUPS = List.of("search-tweet-index", "search-user-index", "search-trends");
    static final String GROUP_PREFIX_PLACEHOLDER = "${chirp.search.consumer-group-prefix:}";
    private static final String GROUP_PLACEHOLDER = GROUP_PREFIX_PLACEHOLDER + GROUPS.get(0);
    /**
     * search-service's settings this instance overrides, as the environment variables its relaxed binding reads
     * ({@code chirp.search.index-prefix}, {@code .consumer-group-prefix}, {@code .trends.key-prefix}). search-service
     * owns these names; {@code SharedNamesTest} checks this copy against its sources.
     */
    static final String INDEX_PREFIX_VARIABLE = Endpoints.INDEX_PREFIX_VARIABLE;
    static final String GROUP_PREFIX_VARIABLE = "CHIRP_SEARCH_CONSUMERGROUPPREFIX";
    static final String TRENDS_PREFIX_VARIABLE = "CHIRP_SEARCH_TRENDS_KEYPREFIX";

    /**
     * @param target               the serving index's count when the rebuild started
     * @param indexed              the rebuilt tweet index's last count
     * @param users                the rebuilt user index's count at the end (replayed at the same time)
     * @param firstDocumentSeconds process started → first document counted (JVM start-up, group join)
     * @param seconds              process started → the last count first seen
     * @param climb                the count's climb from {@link #FROM} to {@link #TO} of {@code indexed}; null
     *                             when there was none to measure
     * @param ended                why sampling stopped
     * @param problem              why nothing was measured (empty when something was)
     * @param cleanup              what was removed afterwards, and what was left
     */
    record Result(String prefix, long target, long indexed, long users, double firstDocumentSeconds, double seconds,
                  CounterSampler.Climb climb, String ended, String problem, List<String> cleanup) {

        static Result failed(String prefix, long target, String problem, List<String> cleanup) {
            return new Result(prefix, target, 0, 0, 0, 0, null, "", problem, cleanup);
        }

        double perSecond() {
            return climb == null ? 0 : climb.perSecond();
        }
    }

    private final ServiceContext ctx;
    private final ElasticsearchRest elasticsearch;
    private final String prefix;
    private final String keyPrefix;

    IndexRebuild(ServiceContext ctx, ElasticsearchRest elasticsearch) {
        this.ctx = ctx;
        this.elasticsearch = elasticsearch;
        this.prefix = "bench-rebuild-" + ctx.runId + "-";
        this.keyPrefix = "bench-rebuild-" + ctx.runId + ":";
    }

    String tweetIndex() {
        return prefix + Endpoints.TWEETS;
    }

    Result run(long target, Duration limit) {
        Path jar = ctx.repo.resolve("search-service/target/search-service.jar");
        String refused = refusal(jar);
        if (refused != null) {
            return Result.failed(prefix, target, refused, List.of());
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "search-rebuild-" + ctx.runId).toAbsolutePath();
        Path log = dir.resolve("search-service.log");
        Path copy = dir.resolve("search-service.jar");
        List<String> cleanup = new ArrayList<>();
        Process process;
        try {
            Files.createDirectories(dir);
            // As ./chirp runs services: from a copy, so that a build meanwhile does not change the jar under it.
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            process = start(copy, dir, log);
        } catch (IOException e) {
            return Result.failed(prefix, target, "cannot start " + jar + ": " + e.getMessage(), cleanup);
        }
        long started = System.nanoTime();
        Thread killer = new Thread(process::destroyForcibly, "rebuild-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        ctx.log(String.format(Locale.ROOT, "index rebuild: a second search-service (pid %d, port %d, prefixes %s) "
                + "replays the topics; target %,d tweets, limit %d s; log %s", process.pid(), PORT, prefix, target,
                limit.toSeconds(), log));
        try (CounterSampler sampler = new CounterSampler("rebuild-count", SAMPLE_EVERY,
                () -> elasticsearch.count(tweetIndex()))) {
            Ending ended = await(process, sampler, target, started, limit, log);
            if (ended.exited()) {
                return Result.failed(prefix, target, ended.reason(), cleanup);
            }
            List<CounterSampler.Sample> samples = sampler.samples();
            double indexed = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).value();
            double first = sampler.firstAbove(0).map(s -> (s.nanos() - started) / 1e9).orElse(Double.NaN);
            double last = sampler.firstReaching(indexed).map(s -> (s.nanos() - started) / 1e9).orElse(Double.NaN);
            CounterSampler.Climb climb = CounterSampler.middle(samples, FROM, TO).orElse(null);
            long users = elasticsearch.count(prefix + Endpoints.USERS);
            return new Result(prefix, target, (long) indexed, users, first, last, climb, ended.reason(),
                    climb == null ? "the count never climbed through 10–90 % in separate readings" : "", cleanup);
        } finally {
            stop(process, cleanup);
            Runtime.getRuntime().removeShutdownHook(killer);
            removeScratch(cleanup);
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                cleanup.add("the jar copy " + copy + " could not be deleted: " + e.getMessage());
            }
        }
    }

    /** Why the rebuild must not start, or null. */
    private static String refusal(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return "no " + jar + " (build it: ./mvnw -o -q -B -pl search-service -am -DskipTests package)";
        }
        try {
            if (!honoursGroupPrefix(jar)) {
                // Without the prefix the instance would join the serving instance's consumer groups, take
                // partitions from it and commit offsets for it.
                return jar + " predates chirp.search.consumer-group-prefix: rebuild it first";
            }
        } catch (IOException e) {
            return "cannot read " + jar + ": " + e.getMessage();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 500);
            return "port " + PORT + " is already taken";
        } catch (IOException free) {
            return null;
        }
    }

    /** Whether the jar's tweet listener takes its consumer group from {@code chirp.search.consumer-group-prefix}. */
    static boolean honoursGroupPrefix(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(LISTENER_CLASS);
            if (entry == null) {
                return false;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return contains(in.readAllBytes(), GROUP_PLACEHOLDER.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * As launcher/lib/services.sh starts a service (256 MB heap, its own temp folder, CHIRP_HOME from this
     * environment), but with the full JIT unless {@code CHIRP_SERVICE_JAVA_OPTS} says otherwise: a throughput run.
     */
    private Process start(Path jar, Path dir, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("CHIRP_JAVA", "java"),
                "-Xmx256m", "-Djava.io.tmpdir=" + dir));
        String options = System.getenv().getOrDefault("CHIRP_SERVICE_JAVA_OPTS", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(PORT));
        env.put(INDEX_PREFIX_VARIABLE, prefix);
        env.put(GROUP_PREFIX_VARIABLE, prefix);
        env.put(TRENDS_PREFIX_VARIABLE, keyPrefix);
        return builder.start();
    }

    /** Why sampling stopped; {@code exited}: the instance died, so nothing was measured. */
    private record Ending(String reason, boolean exited) {
    }

    /** Waits until the count reaches {@code target}, stops growing for {@link #STALL}, or {@code limit} is over. */
    private static Ending await(Process process, CounterSampler sampler, long target, long started, Duration limit,
                                Path log) {
        long deadline = started + limit.toNanos();
        int round = 0;
        while (true) {
            long now = System.nanoTime();
            double latest = sampler.latest().map(CounterSampler.Sample::value).orElse(0.0);
            if (round++ % 5 == 0) {
                System.err.printf(Locale.ROOT, "\r  rebuild: %,.0f of %,d tweets after %.0f s   ", latest, target,
                        (now - started) / 1e9);
            }
            if (!process.isAlive()) {
                System.err.println();
                return new Ending(String.format(Locale.ROOT, "the instance exited (code %d) after %.0f s: %s",
                        process.exitValue(), (now - started) / 1e9, tail(log)), true);
            }
            if (target > 0 && latest >= target) {
                System.err.println();
                return new Ending("reached the serving index's count", false);
            }
            long since = sampler.firstAtLatest().nanos();
            if (latest > 0 && now - since > STALL.toNanos()) {
                System.err.println();
                return new Ending(String.format(Locale.ROOT, "stopped growing for %d s short of the serving "
                        + "index's count", STALL.toSeconds()), false);
            }
            if (now > deadline) {
                System.err.println();
                return new Ending(String.format(Locale.ROOT, "given up after the %d s limit", limit.toSeconds()),
                        false);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** SIGTERM (Spring's graceful shutdown: the consumers leave their groups), then SIGKILL after 30 s. */
    private static void stop(Process process, List<String> cleanup) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                cleanup.add("the instance did not stop within 30 s of SIGTERM and was killed");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void removeScratch(List<String> cleanup) {
        List<String> deleted = new ArrayList<>();
        for (String index : List.of(tweetIndex(), prefix + Endpoints.USERS)) {
            try {
                if (elasticsearch.delete(index)) {
                    deleted.add("`" + index + "`");
                }
            } catch (RuntimeException e) {
                cleanup.add("index `" + index + "` could not be deleted: " + e.getMessage());
            }
        }
        cleanup.add("indexes deleted: " + (deleted.isEmpty() ? "none existed" : String.join(", ", deleted)));
        cleanup.add(deleteKeys());
        cleanup.add(deleteGroups());
    }

    /** The instance's trend keys ({@code <keyPrefix>…}) only, found with SCAN, removed with UNLINK (Lettuce). */
    private String deleteKeys() {
        RedisClient client = RedisClients.create(Duration.ofSeconds(60));
        long removed = 0;
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanArgs match = ScanArgs.Builder.matches(keyPrefix + "*").limit(1_000);
            for (KeyScanCursor<String> cursor = redis.scan(match); ; cursor = redis.scan(cursor, match)) {
                if (!cursor.getKeys().isEmpty()) {
                    removed += redis.unlink(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            return String.format(Locale.ROOT, "Redis keys `%s*` only partly removed (%,d): %s", keyPrefix, removed,
                    e.getMessage());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return String.format(Locale.ROOT, "Redis keys `%s*` removed: %,d", keyPrefix, removed);
    }

    /** With Kafka's tools (CHIRP_KAFKA_TOOLS_CLASSPATH), the instance's three consumer groups; else they stay. */
    private String deleteGroups() {
        List<String> groups = GROUPS.stream().map(group -> prefix + group).toList();
        String names = "`" + String.join("`, `", groups) + "`";
        String classpath = System.getenv("CHIRP_KAFKA_TOOLS_CLASSPATH");
        if (classpath == null || classpath.isBlank()) {
            return "consumer groups " + names + " left on the broker (no Kafka tools classpath: run through "
                    + "./chirp bench)";
        }
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("CHIRP_JAVA", "java"),
                "-Xmx256m", "-cp", classpath, "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server", Endpoints.KAFKA, "--delete"));
        groups.forEach(group -> command.addAll(List.of("--group", group)));
        Processes.Output output = Processes.run(command, null, Duration.ofSeconds(60));
        return output.exitCode() == 0 && output.text().contains("was successful")
                ? "consumer groups deleted: " + names
                : "consumer groups " + names + " may be left on the broker: " + lastLine(output.text());
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    /** The end of the instance's log, for a failure message. */
    private static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 600);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
