package dev.chirp.shared.error;

import java.util.Set;

/**
 * Recognises a failure that means "a server this service depends on cannot answer now" (Cassandra, Redis,
 * Elasticsearch, Kafka, S3 or a sibling service away, overloaded or timing out), so that the request is answered
 * 503, which clients and the gateway may retry, rather than 500, which says the service itself is broken. By class
 * name, so this module needs none of the drivers; a class and its subclasses count.
 */
final class DependencyFailures {

    private static final Set<String> UNAVAILABLE = Set.of(
            // Spring's translation of store failures (Spring Data Redis, Spring Data Cassandra)
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.QueryTimeoutException",
            // the Cassandra driver, used directly: no node answered, no connection had a free request slot (the
            // service is overloaded), the client or a replica timed out, too few replicas alive for the
            // consistency level, the node sheds load
            "com.datastax.oss.driver.api.core.AllNodesFailedException",
            "com.datastax.oss.driver.api.core.NodeUnavailableException",
            "com.datastax.oss.driver.api.core.DriverTimeoutException",
            "com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException",
            "com.datastax.oss.driver.api.core.servererrors.OverloadedException",
            // Lettuce, used directly
            "io.lettuce.core.RedisConnectionException",
            "io.lettuce.core.RedisCommandTimeoutException",
            // any HTTP or TCP client (Elasticsearch's, S3's, a sibling service's) that could not connect or read
            "java.net.ConnectException",
            "java.net.SocketTimeoutException",
            "java.net.http.HttpTimeoutException");

    private DependencyFailures() {
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (UNAVAILABLE.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
