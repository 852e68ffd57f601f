package dev.chirp.testsupport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the local servers are: the ones {@code ./chirp infra up} starts on 127.0.0.1 (see launcher/README.md).
 * Every address can be overridden by a system property or, failing that, an environment variable, e.g.
 * {@code -Dchirp.local.kafka=127.0.0.1:19092} or {@code CHIRP_LOCAL_KAFKA=127.0.0.1:19092}:
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>system property</th><th>environment variable</th><th>default</th></tr>
 * <tr><td>chirp.local.cassandra</td><td>CHIRP_LOCAL_CASSANDRA</td><td>127.0.0.1:9042</td></tr>
 * <tr><td>chirp.local.cassandra.datacenter</td><td>CHIRP_LOCAL_CASSANDRA_DATACENTER</td><td>datacenter1</td></tr>
 * <tr><td>chirp.local.kafka</td><td>CHIRP_LOCAL_KAFKA</td><td>127.0.0.1:9092</td></tr>
 * <tr><td>chirp.local.redis</td><td>CHIRP_LOCAL_REDIS</td><td>127.0.0.1:6379</td></tr>
 * <tr><td>chirp.local.elasticsearch</td><td>CHIRP_LOCAL_ELASTICSEARCH</td><td>http://127.0.0.1:9200</td></tr>
 * <tr><td>chirp.local.s3</td><td>CHIRP_LOCAL_S3</td><td>http://127.0.0.1:9000</td></tr>
 * <tr><td>chirp.local.s3.access-key</td><td>CHIRP_LOCAL_S3_ACCESS_KEY</td><td>chirp-local</td></tr>
 * <tr><td>chirp.local.s3.secret-key</td><td>CHIRP_LOCAL_S3_SECRET_KEY</td><td>chirp-local-secret</td></tr>
 * </table>
 *
 * <p>Typical use in a service's Spring test:
 * <pre>{@code
 * @DynamicPropertySource
 * static void servers(DynamicPropertyRegistry registry) {
 *     LocalStack.get().springProperties().forEach(registry::add);
 *     registry.add("chirp.search.elasticsearch-url", LocalStack.get()::elasticsearchUrl);
 * }
 * }</pre>
 *
 * @param cassandraContactPoint   host:port of Cassandra's native protocol
 * @param cassandraDatacenter     the local data centre name the driver must use
 * @param kafkaBootstrapServers   Kafka bootstrap servers, host:port[,host:port]
 * @param redisHost               Redis host
 * @param redisPort               Redis port
 * @param elasticsearchUrl        Elasticsearch HTTP base URL
 * @param s3Endpoint              S3 endpoint URL (presigned URLs must be fetched through exactly this host and port)
 * @param s3AccessKey             S3 access key
 * @param s3SecretKey             S3 secret key
 */
public record LocalStack(
        String cassandraContactPoint,
        String cassandraDatacenter,
        String kafkaBootstrapServers,
        String redisHost,
        int redisPort,
        String elasticsearchUrl,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey) {

    /** The local servers, as configured by system properties and environment variables (defaults otherwise). */
    public static LocalStack get() {
        String redis = setting("chirp.local.redis", "127.0.0.1:6379");
        HostPort redisAddress = HostPort.parse(redis);
        return new LocalStack(
                setting("chirp.local.cassandra", "127.0.0.1:9042"),
                setting("chirp.local.cassandra.datacenter", "datacenter1"),
                setting("chirp.local.kafka", "127.0.0.1:9092"),
                redisAddress.host(),
                redisAddress.port(),
                stripSlash(setting("chirp.local.elasticsearch", "http://127.0.0.1:9200")),
                stripSlash(setting("chirp.local.s3", "http://127.0.0.1:9000")),
                setting("chirp.local.s3.access-key", "chirp-local"),
                setting("chirp.local.s3.secret-key", "chirp-local-secret"));
    }

    /**
     * Spring Boot's own properties that point a service at Cassandra, Kafka and Redis here, for a test's
     * {@code @DynamicPropertySource}: {@code forEach(registry::add)}. A service ignores those of servers it does not
     * use; Elasticsearch and S3 have no Spring Boot property in Chirp, so each service names its own.
     */
    public Map<String, Supplier<Object>> springProperties() {
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        properties.put("spring.cassandra.contact-points", this::cassandraContactPoint);
        properties.put("spring.cassandra.local-datacenter", this::cassandraDatacenter);
        properties.put("spring.kafka.bootstrap-servers", this::kafkaBootstrapServers);
        properties.put("spring.data.redis.host", this::redisHost);
        properties.put("spring.data.redis.port", this::redisPort);
        return properties;
    }

    /** Cassandra's address for {@code CqlSession.builder().addContactPoint(...)}. */
    public InetSocketAddress cassandraAddress() {
        HostPort hostPort = HostPort.parse(cassandraContactPoint);
        return new InetSocketAddress(hostPort.host(), hostPort.port());
    }

    /** Redis as a URI for Lettuce ({@code RedisClient.create(...)}), e.g. {@code redis://127.0.0.1:6379}. */
    public String redisUri() {
        return "redis://" + redisHost + ":" + redisPort;
    }

    public URI elasticsearchUri() {
        return URI.create(elasticsearchUrl);
    }

    public URI s3Uri() {
        return URI.create(s3Endpoint);
    }

    /** System property first, then the environment variable of the same name (upper case, '.' and '-' as '_'). */
    static String setting(String property, String defaultValue) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private record HostPort(String host, int port) {
        static HostPort parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
            }
            return new HostPort(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }
    }
}
