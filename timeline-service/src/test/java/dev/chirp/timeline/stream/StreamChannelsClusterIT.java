package dev.chirp.timeline.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.ThrowawayRedisCluster;
import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The live stream's channels on a real Redis Cluster of three primaries (a private one, see
 * {@link ThrowawayRedisCluster}), through the classes the service runs: streams subscribed with
 * {@link StreamSubscriptions} hear what fan-out's script ({@code scripts/deliver.lua}) publishes for followers whose
 * timelines live on different nodes, and what notifications and celebrities publish with {@link ShardedChannels}.
 * With plain PUBLISH in the script a sharded subscriber hears nothing; with channel names outside their timeline's
 * slot the script fails ("non local key"). The subscriptions also survive their connections being killed (Lettuce
 * alone resubscribes a node's channels in one SSUBSCRIBE, refused with CROSSSLOT) and a slot moving to another node
 * (the node unsubscribes, Lettuce alone does not subscribe at the new owner).
 */
class StreamChannelsClusterIT {

    private static final Duration HEARD_WITHIN = Duration.ofSeconds(10);
    private static final String PREFIX = TestNames.prefix();
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final RedisScript<List<Object>> DELIVER =
            (RedisScript) RedisScript.of(script("deliver"), List.class);

    private static ThrowawayRedisCluster cluster;
    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;
    private static RedisKeys keys;
    private static ShardedChannels channels;
    private static StreamSubscriptions subscriptions;
    private static long nextUser = 1_000;

    @BeforeAll
    static void startCluster() {
        cluster = ThrowawayRedisCluster.start(3);
        factory = cluster.connectionFactory();
        redis = new StringRedisTemplate(factory);
        TimelineProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "chirp.timeline.redis.key-prefix", PREFIX))).bindOrCreate("chirp.timeline", TimelineProperties.class);
        keys = new RedisKeys(properties);
        channels = new ShardedChannels(factory);
        subscriptions = new StreamSubscriptions(channels, properties);
    }

    @AfterAll
    static void stopCluster() {
        if (subscriptions != null) {
            subscriptions.destroy();
        }
        if (channels != null) {
            channels.destroy();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void streamsHearTheDeliveryScriptOnEveryNodeAndPublishedNotifications() {
        // Followers whose timelines, and so whose channels, live on every node.
        List<Long> followers = LongStream.range(0, 9).map(i -> nextUser()).boxed().toList();
        assertThat(followers.stream().map(user -> nodeOf(keys.home(user))).distinct()).hasSize(3);
        long celebrity = nextUser();
        List<OpenStream> streams = followers.stream().map(user -> open(user, keys.authorChannel(celebrity)))
                .toList();
        followers.forEach(user -> redis.opsForZSet().add(keys.home(user), "0", -1));

        // One script per follower, as fan-out on a cluster sends one per slot.
        for (long user : followers) {
            List<Object> delivered = redis.execute(DELIVER, List.of(keys.home(user)), "10", "10", "42",
                    StreamMessages.tweet(42), keys.userChannel(user));
            assertThat(delivered).containsExactly(1L);
        }
        channels.publish(keys.userChannel(followers.get(0)), StreamMessages.notification("{\"type\":\"follow\"}"));
        channels.publish(keys.authorChannel(celebrity), StreamMessages.tweet(43));

        await().atMost(HEARD_WITHIN).untilAsserted(() -> {
            assertThat(streams.get(0).heard).containsExactlyInAnyOrder("t:42", "n:{\"type\":\"follow\"}", "t:43");
            streams.subList(1, streams.size()).forEach(stream ->
                    assertThat(stream.heard).containsExactlyInAnyOrder("t:42", "t:43"));
        });
        followers.forEach(user -> assertThat(SlotHash.getSlot(keys.userChannel(user)))
                .as("a channel is in its timeline's slot").isEqualTo(SlotHash.getSlot(keys.home(user))));
        streams.forEach(OpenStream::close);
    }

    @Test
    void streamsHearAgainAfterTheirConnectionsAreKilled() {
        // Enough users that every node holds channels of several slots, which Lettuce's own resubscription refuses.
        List<OpenStream> streams = LongStream.range(0, 12).mapToObj(i -> open(nextUser())).toList();
        streams.forEach(this::awaitHeard);

        for (String node : cluster.nodes()) {
            RedisClient client = RedisClient.create(RedisURI.create("redis://" + node));
            try (var connection = client.connect()) {
                RedisCommands<String, String> commands = connection.sync();
                assertThat(commands.clientKill(KillArgs.Builder.typePubsub())).isPositive();
            } finally {
                client.shutdown();
            }
        }

        streams.forEach(this::awaitHeard);
        streams.forEach(OpenStream::close);
    }

    @Test
    void aStreamHearsAgainAfterItsSlotMovesToAnotherNode() {
        // No timeline for this user: a node gives a slot away only while it holds no key in it.
        long user = nextUser();
        OpenStream stream = open(user);
        awaitHeard(stream);
        int slot = SlotHash.getSlot(keys.userChannel(user));
        String from = nodeOf(keys.userChannel(user));
        RedisClusterNode to = clusterClient().getPartitions().stream()
                .filter(node -> !node.getNodeId().equals(from)).findFirst().orElseThrow();

        moveSlot(slot, from, to.getNodeId());

        awaitHeard(stream);
        stream.close();
    }

    /** Resharding by the book, for a slot without keys: importing, migrating, then the new owner everywhere. */
    private static void moveSlot(int slot, String from, String to) {
        Map<String, RedisCommands<String, String>> nodes = new LinkedHashMap<>();
        List<RedisClient> clients = new ArrayList<>();
        try {
            for (String node : cluster.nodes()) {
                RedisClient client = RedisClient.create(RedisURI.create("redis://" + node));
                clients.add(client);
                RedisCommands<String, String> commands = client.connect().sync();
                nodes.put(commands.clusterMyId(), commands);
            }
            nodes.get(to).clusterSetSlotImporting(slot, from);
            nodes.get(from).clusterSetSlotMigrating(slot, to);
            // The new owner first: it takes a new config epoch, so every node's gossip agrees with it.
            nodes.get(to).clusterSetSlotNode(slot, to);
            nodes.get(from).clusterSetSlotNode(slot, to);
            nodes.forEach((id, commands) -> commands.clusterSetSlotNode(slot, to));
        } finally {
            clients.forEach(RedisClient::shutdown);
        }
    }

    /** One open stream, as StreamHub subscribes it: the user's channel and the given ones. */
    private static OpenStream open(long user, String... more) {
        List<String> names = new ArrayList<>();
        names.add(keys.userChannel(user));
        names.addAll(List.of(more));
        OpenStream stream = new OpenStream(user, names);
        subscriptions.add(names, stream.listener);
        return stream;
    }

    /** Publishes notifications on the stream's channel until it hears one (a resubscription takes a moment). */
    private void awaitHeard(OpenStream stream) {
        String message = StreamMessages.notification("{\"n\":" + System.nanoTime() + "}");
        await().atMost(HEARD_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
            channels.publish(keys.userChannel(stream.user), message);
            return stream.heard.contains(message);
        });
    }

    private static long nextUser() {
        return nextUser++;
    }

    private static String nodeOf(String key) {
        return clusterClient().getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getNodeId();
    }

    private static RedisClusterClient clusterClient() {
        return (RedisClusterClient) factory.getRequiredNativeClient();
    }

    private static String script(String name) {
        try (InputStream in = StreamChannelsClusterIT.class.getResourceAsStream("/scripts/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class OpenStream implements AutoCloseable {

        final long user;
        final List<String> names;
        final List<String> heard = new CopyOnWriteArrayList<>();
        final Consumer<String> listener = heard::add;

        OpenStream(long user, List<String> names) {
            this.user = user;
            this.names = names;
        }

        @Override
        public void close() {
            subscriptions.remove(names, listener);
        }
    }
}
