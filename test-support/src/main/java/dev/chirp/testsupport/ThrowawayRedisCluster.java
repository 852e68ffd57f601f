package dev.chirp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A private Redis Cluster of a few primaries (no replicas), each a {@code redis-server} process on 127.0.0.1 with a
 * temporary folder: for proving that code which sends several keys in one command or script works when those keys
 * live in different hash slots on different nodes, without touching the shared Redis on 6379.
 * {@link #connectionFactory} connects to it as a service configured with {@code spring.data.redis.cluster.nodes} would.
 *
 * <p>The binary is the one {@code ./chirp} runs: {@code redis-server} on the PATH (the launcher installs Debian's
 * package), else the launcher's copy from Maven in {@code .chirp/cache/redis}. Slots are split evenly between the
 * primaries with {@code CLUSTER ADDSLOTSRANGE}, then the nodes {@code CLUSTER MEET}; {@link #start} returns once every
 * node reports {@code cluster_state:ok} and knows every other.
 *
 * <pre>{@code
 * try (ThrowawayRedisCluster cluster = ThrowawayRedisCluster.start(3)) {
 *     StringRedisTemplate redis = new StringRedisTemplate(cluster.connectionFactory());
 *     ...
 * }
 * }</pre>
 */
public final class ThrowawayRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final List<Integer> ports;
    private final List<Process> processes = new ArrayList<>();
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private ThrowawayRedisCluster(Path home, List<Integer> ports) {
        this.home = home;
        this.ports = ports;
    }

    /** Starts {@code primaries} nodes, assigns every slot and waits until the cluster is ok. */
    public static ThrowawayRedisCluster start(int primaries) {
        try {
            ThrowawayRedisCluster cluster = new ThrowawayRedisCluster(
                    Files.createTempDirectory("throwaway-redis-cluster"), freePortPairs(primaries));
            // A test that fails before its own cleanup must not leave servers running after the JVM is gone.
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "throwaway-redis-cluster-cleanup"));
            cluster.launch();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "127.0.0.1:port" of every primary. */
    public List<String> nodes() {
        return ports.stream().map(port -> "127.0.0.1:" + port).toList();
    }

    /** A started, cluster-aware Spring connection factory for these nodes, as a service would build; closed by close(). */
    public synchronized LettuceConnectionFactory connectionFactory() {
        return connectionFactory(LettuceClientConfiguration.defaultConfiguration());
    }

    /**
     * The same, with {@code client}'s settings (a command timeout shorter than Lettuce's minute, say, for a test
     * that stops a node).
     */
    public synchronized LettuceConnectionFactory connectionFactory(LettuceClientConfiguration client) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes()), client);
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return factory;
    }

    /** The slots of primary {@code node} (0-based, in the order of {@link #nodes()}), first and last. */
    public int[] slotsOf(int node) {
        int perNode = SLOTS / ports.size();
        int first = node * perNode;
        return new int[] {first, node == ports.size() - 1 ? SLOTS - 1 : first + perNode - 1};
    }

    /** SIGKILL to primary {@code node}: a crashed node, its slots without a server (there are no replicas here). */
    public synchronized void kill(int node) {
        Process process = processes.get(node);
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis node " + node + " is still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() throws IOException {
        String binary = redisServer();
        for (int port : ports) {
            Path dir = Files.createDirectories(home.resolve(Integer.toString(port)));
            processes.add(new ProcessBuilder(binary,
                    "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    // As Chirp's clusters: a node lost takes only its own slots away (kill), not every node's.
                    "--cluster-node-timeout", "2000", "--cluster-require-full-coverage", "no",
                    "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<RedisClient> clients = new ArrayList<>();
        try {
            List<RedisCommands<String, String>> nodes = new ArrayList<>();
            for (int port : ports) {
                RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
                clients.add(client);
                nodes.add(connectWhenUp(client, deadline).sync());
            }
            for (int i = 0; i < nodes.size(); i++) {
                int[] slots = slotsOf(i);
                nodes.get(i).clusterAddSlotsRange(Range.create(slots[0], slots[1]));
            }
            for (int i = 1; i < nodes.size(); i++) {
                nodes.get(0).clusterMeet("127.0.0.1", ports.get(i));
            }
            for (RedisCommands<String, String> node : nodes) {
                while (!node.clusterInfo().contains("cluster_state:ok")
                        || node.clusterNodes().lines().count() < ports.size()) {
                    pause(deadline, "the cluster to become ok");
                }
            }
        } finally {
            clients.forEach(RedisClient::shutdown);
        }
    }

    private StatefulRedisConnection<String, String> connectWhenUp(RedisClient client, long deadline) {
        while (true) {
            try {
                return client.connect();
            } catch (RuntimeException notYet) {
                pause(deadline, "redis-server to accept connections");
            }
        }
    }

    private void pause(long deadline, String what) {
        if (System.nanoTime() > deadline || processes.stream().anyMatch(p -> !p.isAlive())) {
            close();
            throw new IllegalStateException("gave up waiting for " + what + " (logs in " + home + ")");
        }
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills every node and deletes their folders. */
    @Override
    public synchronized void close() {
        factories.forEach(LettuceConnectionFactory::destroy);
        factories.clear();
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // already gone
        }
    }

    private static String redisServer() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Paths.get(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path cached = dir.resolve(".chirp/cache/redis/redis-server");
            if (Files.isExecutable(cached)) {
                return cached.toString();
            }
        }
        throw new IllegalStateException("no redis-server on the PATH or in .chirp/cache/redis (run ./chirp infra up once)");
    }

    /** Ports p whose cluster bus port p + 10000 is free as well. */
    private static List<Integer> freePortPairs(int n) throws IOException {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < n) {
            int port = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (!ports.contains(port) && free(port) && free(port + 10000)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
