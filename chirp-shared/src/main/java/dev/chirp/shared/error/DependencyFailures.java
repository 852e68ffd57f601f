package dev.chirp.shared.error;

import java.util.List;
import java.util.Set;

/**
 * Recognises a failure that means "a server this service depends on cannot answer now" (Cassandra, Redis,
 * Elasticsearch, Kafka, S3 or a sibling service away, overloaded or timing out), so that the request is answered
 * 503, which clients and the gateway may retry, rather than 500, which says the service itself is broken. By class
 * name, so this module needs none of the drivers; a class and its subclasses count.
 */
public final class DependencyFailures {

    private static final Set<String> UNAVAILABLE = Set.of(
            // Spring's translation of store failures (Spring Data Redis, Spring Data Cassandra): a resource that
            // cannot be reached, and the failures Spring itself calls worth retrying (timeouts among them)
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.TransientDataAccessException",
            // the Cassandra driver, used directly: no node answered, no connection had a free request slot (the
            // service is overloaded), the client or a replica timed out, too few replicas alive for the
            // consistency level, the node sheds load
            "com.datastax.oss.driver.api.core.AllNodesFailedException",
            "com.datastax.oss.driver.api.core.NodeUnavailableException",
            "com.datastax.oss.driver.api.core.DriverTimeoutException",
            "com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException",
            "com.datastax.oss.driver.api.core.servererrors.OverloadedException",
            "com.datastax.oss.driver.api.core.servererrors.UnavailableException",
            "com.datastax.oss.driver.api.core.servererrors.BootstrappingException",
            "com.datastax.oss.driver.api.core.RequestThrottlingException",
            // a connection lost with the request on it: the driver does not retry a statement that is not
            // idempotent (a logged batch, say) and hands this up as it is
            "com.datastax.oss.driver.api.core.connection.ClosedConnectionException",
            "com.datastax.oss.driver.api.core.connection.HeartbeatException",
            "com.datastax.oss.driver.api.core.connection.BusyConnectionException",
            // Lettuce, used directly
            "io.lettuce.core.RedisConnectionException",
            "io.lettuce.core.RedisCommandTimeoutException",
            // Kafka, where a request waits on it: no broker answered in time, or one answered "try again"
            "org.apache.kafka.common.errors.RetriableException",
            // the S3 client's own deadlines for a call and for each attempt
            "software.amazon.awssdk.core.exception.ApiCallTimeoutException",
            "software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException",
            // any HTTP or TCP client (Elasticsearch's, S3's, a sibling service's) that could not connect or read
            "java.net.ConnectException",
            "java.net.SocketTimeoutException",
            "java.net.http.HttpTimeoutException");

    /**
     * Lettuce fails the commands still on a connection that drops with a bare {@code RedisException} ("Connection
     * closed"), which Spring wraps as a {@code RedisSystemException}; its subclasses (a command Redis refused, say)
     * are real errors, so only the bare class counts.
     */
    private static final String LETTUCE_BARE_FAILURE = "io.lettuce.core.RedisException";

    /**
     * Redis's own "not now": a cluster slot without a reachable primary until a replica takes over (CLUSTERDOWN), a
     * multi-key command during a slot's move (TRYAGAIN), a replica cut off from its primary, a server loading its
     * data. Every other error reply is a real error.
     */
    private static final String REDIS_ERROR_REPLY = "io.lettuce.core.RedisCommandExecutionException";
    private static final List<String> REDIS_NOT_NOW = List.of("CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING");

    private DependencyFailures() {
    }

    /**
     * Whether {@code failure}, or anything it was caused by, says a dependency cannot answer now. Code that can serve
     * a smaller answer without that dependency (docs/07-bottlenecks-and-reliability.md, "When a store is down")
     * catches with this test and lets every other failure through.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals(LETTUCE_BARE_FAILURE)) {
                return true;
            }
            if (t.getClass().getName().equals(REDIS_ERROR_REPLY) && t.getMessage() != null
                    && REDIS_NOT_NOW.stream().anyMatch(t.getMessage()::startsWith)) {
                return true;
            }
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (UNAVAILABLE.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
