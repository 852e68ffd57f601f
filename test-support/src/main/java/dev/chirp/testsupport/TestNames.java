package dev.chirp.testsupport;

import java.util.UUID;

/**
 * Names that keep one test run's data apart from every other's on the shared local servers: a keyspace, a topic
 * prefix, a Redis key prefix, an index prefix, a bucket. Lower-case letters and digits only, valid everywhere.
 */
public final class TestNames {

    private TestNames() {
    }

    public static String unique(String purpose) {
        return purpose.toLowerCase().replaceAll("[^a-z0-9]", "") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A fresh Cassandra keyspace name, e.g. {@code it_user_3f9a0c1b2d4e}. */
    public static String keyspace(String service) {
        return "it_" + unique(service);
    }

    /** A fresh Kafka topic prefix ending in a dot, e.g. {@code it.5b0e9d2a7c11.}. */
    public static String topicPrefix() {
        return "it." + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".";
    }

    /** A fresh Redis key or Elasticsearch index prefix, e.g. {@code it-8c2d4e6f1a3b-}. */
    public static String prefix() {
        return "it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "-";
    }

    /** A fresh S3 bucket name (3..63 of lower-case letters, digits, dashes). */
    public static String bucket() {
        return "it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
