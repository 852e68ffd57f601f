package dev.chirp.testsupport.storeauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chirp.testsupport.ThrowawayKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kafka security of the production overlay on a real broker (the launcher's Kafka 4.3.1, started here as a
 * throwaway KRaft node on free ports of 127.0.0.1): the broker settings of k8s/components/store-auth/kafka/broker.env
 * and the JAAS lines of data-tier.yaml (SASL on every listener, StandardAuthorizer, no ACL means no access), the
 * SCRAM-SHA-512 users and the ACLs of kafka/acls.txt applied as the kafka-auth-setup Job does (as "admin" over the
 * INTERNAL listener). Then each service, signed in with its own SCRAM credential as it is in the cluster
 * (SASL_PLAINTEXT, SCRAM-SHA-512, a JAAS line), creates, produces to and consumes from what its code uses, with its
 * own consumer groups, and is refused another's topics and groups; the exporter only describes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreAuthKafkaIT {

    private static final List<String> TOPICS = List.of("chirp.users", "chirp.follows", "chirp.tweets", "chirp.likes");
    private static final Duration POLL = Duration.ofSeconds(15);

    private static ThrowawayKafka kafka;
    private static int clientPort;
    private static int internalPort;

    @BeforeAll
    static void startBroker() throws Exception {
        StoreAuthFiles files = StoreAuthFiles.locate();
        Map<String, String> broker = brokerSettings(files.read("kafka/broker.env"));
        Map<String, String> jaas = jaasLines(files.read("data-tier.yaml"));
        internalPort = ThrowawayKafka.freePort();
        kafka = ThrowawayKafka.create(template -> {
            Matcher ports = Pattern.compile("(?m)^listeners=PLAINTEXT://127\\.0\\.0\\.1:(\\d+),CONTROLLER://127\\.0\\.0\\.1:(\\d+)$")
                    .matcher(template);
            if (!ports.find()) {
                throw new IllegalStateException("unexpected launcher server.properties:\n" + template);
            }
            clientPort = Integer.parseInt(ports.group(1));
            String controllerPort = ports.group(2);
            StringBuilder out = new StringBuilder(template).append("\n# k8s/components/store-auth\n");
            Map<String, String> settings = new LinkedHashMap<>(broker);
            settings.putAll(jaas);
            settings.forEach((key, value) -> out.append(key).append('=').append(local(value, controllerPort))
                    .append('\n'));
            // The overlay advertises CLIENT and INTERNAL (kafka.yaml's ADVERTISE); the launcher's single node also
            // advertises its controller, which its quorum bootstrap needs.
            out.append("advertised.listeners=").append(local(broker.get("ADVERTISE"), controllerPort))
                    .append(",CONTROLLER://127.0.0.1:").append(controllerPort).append('\n');
            return out.toString();
        });
        kafka.start();
        applySetupJob(files.read("kafka/acls.txt"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void everyServiceWorksWithItsOwnTopicsAndGroupsOnly() throws Exception {
        // Owners create their topics (KafkaAdmin at startup); a consumer-only service may not.
        try (Admin search = Admin.create(client("search-service"))) {
            assertThatThrownBy(() -> search.createTopics(List.of(new NewTopic("chirp.users", 1, (short) 1)))
                    .all().get()).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin user = Admin.create(client("user-service"))) {
            user.createTopics(List.of(new NewTopic("chirp.users", 1, (short) 1),
                    new NewTopic("chirp.follows", 1, (short) 1))).all().get();
            assertThatThrownBy(() -> user.createTopics(List.of(new NewTopic("chirp.tweets", 1, (short) 1)))
                    .all().get()).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin tweet = Admin.create(client("tweet-service"))) {
            tweet.createTopics(List.of(new NewTopic("chirp.tweets", 1, (short) 1),
                    new NewTopic("chirp.likes", 1, (short) 1))).all().get();
        }
        // Every service describes all four topics (KafkaAdmin's check at startup).
        for (String service : List.of("user-service", "tweet-service", "timeline-service", "search-service")) {
            try (Admin admin = Admin.create(client(service))) {
                assertThat(admin.describeTopics(TOPICS).allTopicNames().get()).as(service).hasSize(4);
            }
        }

        produces("user-service", "chirp.users");
        produces("user-service", "chirp.follows");
        produces("tweet-service", "chirp.tweets");
        produces("tweet-service", "chirp.likes");
        refusedProducing("user-service", "chirp.tweets");
        refusedProducing("tweet-service", "chirp.users");
        refusedProducing("timeline-service", "chirp.tweets");
        refusedProducing("search-service", "chirp.users");

        consumes("user-service", "user-service-tweet-counts", "chirp.tweets");
        consumes("tweet-service", "tweet-service-users", "chirp.users");
        consumes("timeline-service", "timeline-fanout", "chirp.tweets");
        consumes("timeline-service", "timeline-graph", "chirp.follows");
        consumes("timeline-service", "timeline-notifications", "chirp.follows", "chirp.likes", "chirp.tweets");
        consumes("timeline-service", "timeline-users", "chirp.users");
        consumes("search-service", "search-tweet-index", "chirp.tweets");
        consumes("search-service", "search-trends", "chirp.tweets");
        consumes("search-service", "search-user-index", "chirp.users");
        // another service's group, or a topic the service only describes
        assertThatThrownBy(() -> consumes("user-service", "timeline-fanout", "chirp.tweets"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> consumes("search-service", "search-follows", "chirp.follows"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> consumes("search-service", "search-tweet-index", "chirp.follows"))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> consumes("tweet-service", "tweet-service-users", "chirp.likes"))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    @Order(2)
    void exporterDescribesGroupsAndTopicsButReadsAndWritesNothing() throws Exception {
        produces("tweet-service", "chirp.tweets");
        consumes("search-service", "search-trends", "chirp.tweets");
        try (Admin exporter = Admin.create(client("exporter"))) {
            assertThat(exporter.listConsumerGroupOffsets("search-trends").partitionsToOffsetAndMetadata().get())
                    .isNotEmpty();
            assertThat(exporter.describeConsumerGroups(List.of("search-trends")).all().get()).hasSize(1);
            assertThat(exporter.describeCluster().nodes().get()).hasSize(1);
        }
        refusedProducing("exporter", "chirp.tweets");
        assertThatThrownBy(() -> consumes("exporter", "exporter", "chirp.tweets"))
                .isInstanceOfAny(GroupAuthorizationException.class, TopicAuthorizationException.class);
    }

    @Test
    @Order(3)
    void aWrongPasswordOrNoCredentialIsRefused() {
        Properties wrong = client("user-service");
        wrong.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("user-service", "not-the-password"));
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeTopics(TOPICS).allTopicNames().get())
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
        // The admin's PLAIN credential is for the INTERNAL listener only: the client listener offers SCRAM alone.
        Properties plain = client("admin");
        plain.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        plain.put(SaslConfigs.SASL_JAAS_CONFIG, plainJaas());
        try (Admin admin = Admin.create(plain)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get())
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    // ---- the broker, and the setup Job's work ----------------------------------------------------------------

    /** KAFKA_A_B=v from broker.env as the apache/kafka image turns it into a.b=v (__ is _, ___ is -). */
    static Map<String, String> brokerSettings(String env) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : env.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String name = trimmed.substring(0, trimmed.indexOf('='));
            String value = trimmed.substring(trimmed.indexOf('=') + 1);
            settings.put(name.startsWith("KAFKA_") ? property(name) : name, value);
        }
        return settings;
    }

    private static String property(String variable) {
        return variable.substring("KAFKA_".length()).replace("___", "-").replace("__", "\u0000").replace('_', '.')
                .replace('\u0000', '_').toLowerCase(Locale.ROOT);
    }

    /** The StatefulSet's JAAS lines (data-tier.yaml), with a password for $(ADMIN_PASSWORD). */
    static Map<String, String> jaasLines(String dataTier) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("- name: (KAFKA_\\w+_JAAS_CONFIG)\\s*\\n\\s*value: (.+)").matcher(dataTier);
        while (m.find()) {
            out.put(property(m.group(1)), m.group(2).strip().replace("$(ADMIN_PASSWORD)", password("admin")));
        }
        assertThat(out).as("JAAS lines in data-tier.yaml").hasSize(3);
        return out;
    }

    /** The overlay's listeners on this test's ports and 127.0.0.1 (9092 client, 9093 controller, 9094 internal). */
    private static String local(String value, String controllerPort) {
        return value.replace("{host}", "127.0.0.1").replace("://:", "://127.0.0.1:")
                .replace(":9092", ":" + clientPort).replace(":9093", ":" + controllerPort)
                .replace(":9094", ":" + internalPort);
    }

    /** What kafka/setup.sh does: a SCRAM-SHA-512 user for everyone in acls.txt, then the ACLs, as "admin". */
    private static void applySetupJob(String acls) throws ExecutionException, InterruptedException {
        Set<String> users = new LinkedHashSet<>();
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : acls.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] f = trimmed.split("\\s+");
            assertThat(f).as("acls.txt line: " + trimmed).hasSize(5);
            users.add(f[0]);
            ResourceType type = ResourceType.fromString(f[1].toUpperCase(Locale.ROOT));
            assertThat(type).as(trimmed).isNotEqualTo(ResourceType.UNKNOWN);
            // upper-cased, as kafka/setup.sh hands them to kafka-acls.sh
            PatternType pattern = PatternType.fromString(f[2].toUpperCase(Locale.ROOT));
            assertThat(pattern).as(trimmed).isIn(PatternType.LITERAL, PatternType.PREFIXED);
            for (String op : f[4].split(",")) {
                AclOperation operation = AclOperation.fromString(op.toUpperCase(Locale.ROOT));
                assertThat(operation).as(trimmed).isNotEqualTo(AclOperation.UNKNOWN);
                bindings.add(new AclBinding(new ResourcePattern(type, f[3], pattern),
                        new AccessControlEntry("User:" + f[0], "*", operation, AclPermissionType.ALLOW)));
            }
        }
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + internalPort);
        admin.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        admin.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        admin.put(SaslConfigs.SASL_JAAS_CONFIG, plainJaas());
        try (Admin client = Admin.create(admin)) {
            List<UserScramCredentialUpsertion> upserts = users.stream()
                    .map(user -> new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(user)))
                    .toList();
            client.alterUserScramCredentials(new ArrayList<>(upserts)).all().get();
            client.createAcls(bindings).all().get();
        }
    }

    // ---- clients, as the services configure theirs -------------------------------------------------------------

    private static Properties client(String user) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + clientPort);
        p.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password(user)));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return p;
    }

    /** The sasl.jaas.config line of the services' kafka-user-* Secrets. */
    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String plainJaas() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                + password("admin") + "\";";
    }

    private static String password(String user) {
        return "test-password-of-" + user;
    }

    private static void produces(String user, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(user)) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
    }

    private static void refusedProducing(String user, String topic) {
        try (KafkaProducer<String, String> producer = producer(user)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
                    .as(user + " producing to " + topic)
                    // a principal that may write nowhere is already refused an idempotent producer ID (cluster)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOfAny(TopicAuthorizationException.class,
                            ClusterAuthorizationException.class));
        }
    }

    private static KafkaProducer<String, String> producer(String user) {
        Properties p = client(user);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    // (the second test uses the topics the first one's owners created)
    /** Joins the group on the topics and reads at least one record (the test produced one to each). */
    private static void consumes(String user, String group, String... topics) {
        Properties p = client(user);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topics));
            Map<String, Integer> seen = new HashMap<>();
            long deadline = System.nanoTime() + POLL.toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> seen.merge(r.topic(), 1, Integer::sum));
            }
            assertThat(seen).as(user + " in group " + group + " reading " + List.of(topics)).isNotEmpty();
            consumer.commitSync();
        }
    }
}
