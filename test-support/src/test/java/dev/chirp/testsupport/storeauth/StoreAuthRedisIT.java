package dev.chirp.testsupport.storeauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis ACL users of the production overlay (k8s/components/store-auth/redis/users.acl and sentinel-users.acl)
 * as the pods' own init script (k8s/base/data/redis/init.sh) turns them into redis.conf, users.acl and sentinel.conf,
 * on real redis-server processes started here on free ports of 127.0.0.1 (a master, a replica, a Sentinel): each service
 * user can run what its service runs on its own keys (its real Lua scripts included) and is refused another service's
 * keys and channels, FLUSHALL, CONFIG and KEYS; the default user is off; the exporter reads only INFO and settings; a
 * replica authenticates as "replication"; a Sentinel monitors the master as "sentinel" and answers a service user's
 * "where is the master" and nothing else.
 */
class StoreAuthRedisIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private static StoreAuthFiles files;
    private static Path home;
    private static final List<Process> servers = new ArrayList<>();
    private static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        files = StoreAuthFiles.locate();
        home = Files.createTempDirectory("store-auth-redis");
        // each ACL user's password where the pods mount their Secrets: users/<name>/password
        for (String acl : List.of("redis/users.acl", "redis/sentinel-users.acl")) {
            for (String line : files.read(acl).split("\n")) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length > 2 && parts[0].equals("user") && !parts[1].equals("default")) {
                    Path file = home.resolve("users").resolve(parts[1]).resolve("password");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, password(parts[1]) + "\n");
                }
            }
        }
        port = StoreAuthFiles.freePort();
        Path conf = initScript("redis-0", 1);
        start("master", List.of(conf.resolve("redis.conf").toString(), "--port", Integer.toString(port)), port);
    }

    /**
     * Runs the pods' own init script (k8s/base/data/redis/init.sh) for pod {@code hostname} with the component's
     * ACL files and the passwords above; returns the folder it wrote redis.conf, users.acl and sentinel.conf into.
     */
    private static Path initScript(String hostname, int replicas) throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf-" + hostname));
        ProcessBuilder builder = new ProcessBuilder("sh", files.root().resolve("k8s/base/data/redis/init.sh")
                .toString()).redirectErrorStream(true).redirectOutput(home.resolve("init-" + hostname + ".log")
                .toFile());
        Map<String, String> env = builder.environment();
        env.put("REDIS_CONF_DIR", conf.toString());
        env.put("REDIS_ACL_DIR", files.root().resolve(StoreAuthFiles.COMPONENT).resolve("redis").toString());
        env.put("REDIS_USERS_DIR", home.resolve("users").toString());
        env.put("POD_NAMESPACE", "chirp");
        env.put("HOSTNAME", hostname);
        env.put("REDIS_REPLICAS", Integer.toString(replicas));
        env.put("REDIS_MASTER_NAME", "chirp");
        env.put("SENTINEL_QUORUM", "1");
        env.put("REDIS_MAXMEMORY", "64mb");
        Process init = builder.start();
        assertThat(init.waitFor(30, TimeUnit.SECONDS) && init.exitValue() == 0)
                .as("init.sh: " + Files.readString(home.resolve("init-" + hostname + ".log"))).isTrue();
        return conf;
    }

    /** The pod's master address, written by init.sh, replaced by this test's server. */
    private static void pointAtMaster(Path file) throws IOException {
        Files.writeString(file, Files.readString(file)
                .replace("redis-0.redis.chirp.svc.cluster.local 6379", "127.0.0.1 " + port));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        for (Process server : servers) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        StoreAuthFiles.deleteTree(home);
    }

    @Test
    void defaultUserIsOff() {
        // without a name and password (the default user) nothing runs, not even PING
        assertThatThrownBy(() -> {
            try (Session anonymous = new Session(port, null)) {
                anonymous.redis.ping();
            }
        }).hasStackTraceContaining("NOAUTH");
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withAuthentication("default", "anything").withTimeout(Duration.ofSeconds(5)).build());
        try {
            assertThatThrownBy(client::connect).hasStackTraceContaining("WRONGPASS");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void gatewayServiceRunsItsTokenBucketScriptsOnItsKeysOnly() throws IOException {
        String script = files.readRepo("gateway-service/src/main/resources/scripts/token_bucket.lua");
        try (Session gateway = new Session(port, "gateway-service")) {
            List<Object> reply = gateway.redis.eval(script, ScriptOutputType.MULTI,
                    new String[] {"chirp:gateway:bucket:read:ip:127.0.0.1"}, "10", "1");
            assertThat(reply).first().isEqualTo(1L);
            String sha = gateway.redis.digest(script);
            assertThat((List<Object>) gateway.redis.evalsha(sha, ScriptOutputType.MULTI,
                    new String[] {"chirp:gateway:bucket:read:ip:127.0.0.1"}, "10", "1")).first().isEqualTo(1L);
            String refund = files.readRepo("gateway-service/src/main/resources/scripts/token_refund.lua");
            assertThat((Long) gateway.redis.eval(refund, ScriptOutputType.INTEGER,
                    new String[] {"chirp:gateway:bucket:read:ip:127.0.0.1"}, "10")).isZero();
            refused(() -> gateway.redis.eval(script, ScriptOutputType.MULTI, new String[] {"chirp:tweet:body:1"},
                    "10", "1"));
            refused(() -> gateway.redis.get("chirp:gateway:bucket:read:ip:127.0.0.1"));
            refusedEverywhereElse(gateway);
        }
    }

    @Test
    void tweetServiceCachesUnderItsPrefixOnly() {
        try (Session tweet = new Session(port, "tweet-service")) {
            RedisCommands<String, String> redis = tweet.redis;
            redis.setex("chirp:tweet:body:1", 3600, "{}");
            assertThat(redis.mget("chirp:tweet:body:1", "chirp:tweet:body:2")).hasSize(2);
            redis.hset("chirp:tweet:counts:1", "likes", "1");
            redis.hincrby("chirp:tweet:counts:1", "likes", 1);
            assertThat(redis.hgetall("chirp:tweet:counts:1")).containsEntry("likes", "2");
            redis.pexpire("chirp:tweet:counts:1", 60_000);
            assertThat(redis.exists("chirp:tweet:body:1")).isEqualTo(1);
            redis.del("chirp:tweet:body:1");
            assertThat(redis.info("memory")).contains("used_memory");
            refused(() -> redis.get("tl:home:1"));
            refused(() -> redis.set("chirp:trends:x", "1"));
            refusedEverywhereElse(tweet);
        }
    }

    @Test
    void timelineServiceRunsItsScriptsAndStreamChannelsOnly() throws IOException {
        String deliver = files.readRepo("timeline-service/src/main/resources/scripts/deliver.lua");
        String merge = files.readRepo("timeline-service/src/main/resources/scripts/merge_if_present.lua");
        String complete = files.readRepo("timeline-service/src/main/resources/scripts/complete_build.lua");
        try (Session timeline = new Session(port, "timeline-service")) {
            RedisCommands<String, String> redis = timeline.redis;
            String completeSha = redis.scriptLoad(complete);
            assertThat((Long) redis.evalsha(completeSha, ScriptOutputType.INTEGER, new String[] {"tl:home:7"},
                    "800", "60000", "101", "102")).isEqualTo(1L);
            assertThat((Long) redis.eval(merge, ScriptOutputType.INTEGER, new String[] {"tl:home:7"}, "800", "103"))
                    .isEqualTo(1L);
            String deliverSha = redis.scriptLoad(deliver);
            assertThat(redis.scriptExists(deliverSha)).containsExactly(true);
            List<Object> delivered = redis.evalsha(deliverSha, ScriptOutputType.MULTI, new String[] {"tl:home:7"},
                    "800", "1000", "104", "{\"id\":\"104\"}", "tl:stream:user:{tl:home:7}");
            assertThat(delivered).containsExactly(1L);
            assertThat(redis.zrevrange("tl:home:7", 0, 1)).containsExactly("104", "103");
            redis.zadd("tl:celeb:9", 105, "105");
            assertThat(redis.zscore("tl:celeb:9", "105")).isEqualTo(105.0);
            redis.zrem("tl:celeb:9", "105");
            redis.spublish("tl:stream:user:{tl:home:7}", "hello");
            redis.spublish("tl:stream:author:9", "hello");
            // a script that publishes on a channel outside the stream's is refused as a whole
            assertThatThrownBy(() -> redis.evalsha(deliverSha, ScriptOutputType.MULTI, new String[] {"tl:home:7"},
                    "800", "1000", "105", "{}", "chirp:other"))
                    .hasMessageContaining("can't publish to the channel");
            refused(() -> redis.spublish("chirp:other", "x"));
            // the streams use sharded pub/sub only
            refused(() -> redis.publish("tl:stream:user:{tl:home:7}", "x"));
            refused(() -> redis.get("chirp:tweet:body:1"));
            refusedEverywhereElse(timeline);
        }
        RedisClient client = RedisClient.create(uri(port, "timeline-service"));
        try (StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub()) {
            pubsub.sync().ssubscribe("tl:stream:user:{tl:home:7}", "tl:stream:author:9");
            pubsub.sync().sunsubscribe("tl:stream:author:9");
            refused(() -> pubsub.sync().ssubscribe("chirp:gateway:bucket:x"));
            refused(() -> pubsub.sync().subscribe("tl:stream:user:{tl:home:7}"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void searchServiceCountsTrendsUnderItsPrefixOnly() throws IOException {
        String counter = files.readRepo("search-service/src/main/java/dev/chirp/search/trends/HashtagCounter.java");
        Matcher m = Pattern.compile("COUNT_ONCE = RedisScript\\.of\\(\"\"\"(.*?)\"\"\"", Pattern.DOTALL)
                .matcher(counter);
        assertThat(m.find()).as("HashtagCounter's COUNT_ONCE script").isTrue();
        String script = m.group(1).stripIndent();
        long expiry = System.currentTimeMillis() / 1000 + 3600;
        try (Session search = new Session(port, "search-service")) {
            RedisCommands<String, String> redis = search.redis;
            assertThat((Long) redis.eval(script, ScriptOutputType.INTEGER,
                    new String[] {"chirp:trends:bucket:1", "chirp:trends:seen:1"}, Long.toString(expiry), "java"))
                    .isEqualTo(1L);
            assertThat(redis.hgetall("chirp:trends:bucket:1")).containsEntry("java", "1");
            redis.pfadd("chirp:trends:authors:{java}:1", "42");
            assertThat(redis.pfcount("chirp:trends:authors:{java}:1")).isEqualTo(1);
            assertThat(redis.info("server")).contains("redis_version");
            refused(() -> redis.eval(script, ScriptOutputType.INTEGER,
                    new String[] {"tl:home:1", "chirp:trends:seen:2"}, Long.toString(expiry), "java"));
            refused(() -> redis.get("chirp:tweet:body:1"));
            refusedEverywhereElse(search);
        }
    }

    @Test
    void exporterReadsServerStateButNoKey() {
        try (Session exporter = new Session(port, "exporter")) {
            assertThat(exporter.redis.info()).contains("used_memory");
            assertThat(exporter.redis.configGet("maxmemory")).containsKey("maxmemory");
            refused(() -> exporter.redis.get("chirp:tweet:body:1"));
            refused(() -> exporter.redis.configSet("maxmemory", "1"));
            refused(() -> exporter.redis.flushall());
        }
    }

    @Test
    void replicaAuthenticatesAsReplicationAndSentinelMonitorsAsSentinel() throws Exception {
        // redis-1 as init.sh configures it: a replica of redis-0 that signs in as "replication"
        Path replicaConf = initScript("redis-1", 2);
        pointAtMaster(replicaConf.resolve("redis.conf"));
        assertThat(Files.readString(replicaConf.resolve("redis.conf"))).contains("replicaof 127.0.0.1 " + port);
        int replicaPort = StoreAuthFiles.freePort();
        start("replica", List.of(replicaConf.resolve("redis.conf").toString(), "--port",
                Integer.toString(replicaPort)), replicaPort);
        try (Session admin = new Session(replicaPort, "admin")) {
            awaitContains(() -> admin.redis.info("replication"), "master_link_status:up");
        }

        // redis-0's Sentinel as init.sh configures it (its own ACL users, "sentinel" towards the servers)
        int sentinelPort = StoreAuthFiles.freePort();
        Path sentinelConf = home.resolve("conf-redis-0").resolve("sentinel.conf");
        pointAtMaster(sentinelConf);
        Files.writeString(sentinelConf, Files.readString(sentinelConf)
                .replace("port 26379", "port " + sentinelPort + "\nbind 127.0.0.1")
                .replace("dir /tmp", "dir " + home));
        start("sentinel", List.of(sentinelConf.toString(), "--sentinel"), sentinelPort);
        RedisClient adminClient = RedisClient.create(uri(sentinelPort, "admin"));
        try (var admin = adminClient.connectSentinel()) {
            // the Sentinel reaches the master with its credentials (flags "master", not "disconnected"), and found
            // the replica through the master's INFO (run as "sentinel")
            awaitContains(() -> admin.sync().master("chirp").toString(), "num-slaves=1");
            assertThat(admin.sync().master("chirp")).containsEntry("flags", "master");
        } finally {
            adminClient.shutdown();
        }
        for (String service : List.of("gateway-service", "tweet-service", "timeline-service", "search-service")) {
            RedisClient client = RedisClient.create(uri(sentinelPort, service));
            try (var sentinel = client.connectSentinel()) {
                assertThat(((java.net.InetSocketAddress) sentinel.sync().getMasterAddrByName("chirp")).getPort())
                        .isEqualTo(port);
                assertThat(sentinel.sync().replicas("chirp")).hasSize(1);
                refused(() -> sentinel.sync().failover("chirp"));
                refused(() -> sentinel.sync().remove("chirp"));
                refused(() -> sentinel.sync().set("chirp", "quorum", "2"));
            } finally {
                client.shutdown();
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void refusedEverywhereElse(Session session) {
        refused(() -> session.redis.flushall());
        refused(() -> session.redis.flushdb());
        refused(() -> session.redis.configGet("*"));
        refused(() -> session.redis.configSet("maxmemory", "1"));
        refused(() -> session.redis.keys("*"));
        refused(() -> session.redis.aclList());
        refused(() -> session.redis.configResetstat());
        refused(() -> session.redis.slowlogReset());
        refused(() -> session.redis.clientKill("127.0.0.1:1"));
    }

    private static void refused(Runnable command) {
        assertThatThrownBy(command::run).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageContaining("NOPERM");
    }

    private static void awaitContains(java.util.function.Supplier<String> probe, String expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (last.contains(expected)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(last).contains(expected);
    }

    static String password(String user) {
        return "test-password-of-" + user;
    }

    private static RedisURI uri(int port, String user) {
        RedisURI.Builder builder = RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withTimeout(Duration.ofSeconds(5));
        if (user != null) {
            builder.withAuthentication(user, password(user));
        }
        return builder.build();
    }

    private static void start(String name, List<String> args, int serverPort) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(StoreAuthFiles.redisServer());
        command.addAll(args);
        if (!args.contains("--sentinel")) {
            // the pod's settings but loopback only, no persistence, a folder of its own instead of the volume
            Path conf = Path.of(args.get(0));
            Files.writeString(conf, Files.readString(conf).replace("dir /data",
                    "dir " + Files.createDirectories(home.resolve("data-" + name))));
            command.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        }
        Path log = home.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        servers.add(process);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!StoreAuthFiles.portOpen(serverPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis " + name + " did not start:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** One connection as one user (or none). */
    private static final class Session implements AutoCloseable {
        final RedisClient client;
        final StatefulRedisConnection<String, String> connection;
        final RedisCommands<String, String> redis;

        Session(int port, String user) {
            client = RedisClient.create(uri(port, user));
            connection = client.connect();
            redis = connection.sync();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
