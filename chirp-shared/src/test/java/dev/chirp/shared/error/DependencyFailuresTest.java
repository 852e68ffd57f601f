package dev.chirp.shared.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

class DependencyFailuresTest {

    @Test
    void storeAndNetworkFailuresAnywhereInTheCauseChainAreUnavailable() {
        assertThat(DependencyFailures.isUnavailable(new DriverTimeoutException("Cassandra too slow"))).isTrue();
        assertThat(DependencyFailures.isUnavailable(new DataAccessResourceFailureException("no Redis") {
            // a subclass, as Spring Data Redis's RedisConnectionFailureException is
        })).isTrue();
        assertThat(DependencyFailures.isUnavailable(new QueryTimeoutException("slow"))).isTrue();
        assertThat(DependencyFailures.isUnavailable(
                new IllegalStateException("wrapped", new UncheckedIOException(new ConnectException("refused")))))
                .isTrue();
        assertThat(DependencyFailures.isUnavailable(new DataAccessResourceFailureException("down"))).isTrue();
    }

    @Test
    void aLostConnectionNoNodeATransientSpringFailureAndAKafkaTimeoutAreUnavailable() {
        assertThat(DependencyFailures.isUnavailable(new ClosedConnectionException("Lost connection to remote peer")))
                .isTrue();
        assertThat(DependencyFailures.isUnavailable(new NoNodeAvailableException())).isTrue();
        assertThat(DependencyFailures.isUnavailable(new TransientDataAccessResourceException("busy"))).isTrue();
        assertThat(DependencyFailures.isUnavailable(new IllegalStateException("relay",
                new org.apache.kafka.common.errors.TimeoutException("no broker")))).isTrue();
    }

    @Test
    void redisNotNowRepliesAreUnavailableAndOtherErrorRepliesAreNot() {
        assertThat(DependencyFailures.isUnavailable(new RedisSystemException("wrapped",
                new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")))).isTrue();
        assertThat(DependencyFailures.isUnavailable(new RedisCommandExecutionException("TRYAGAIN Multiple keys "
                + "request during rehashing of slot"))).isTrue();
        assertThat(DependencyFailures.isUnavailable(new RedisException("Currently not connected. Commands are "
                + "rejected."))).isTrue();
        assertThat(DependencyFailures.isUnavailable(new RedisCommandExecutionException("ERR wrong number of "
                + "arguments for 'zadd' command"))).isFalse();
        assertThat(DependencyFailures.isUnavailable(new RedisCommandExecutionException("CROSSSLOT Keys in request "
                + "don't hash to the same slot"))).isFalse();
    }

    @Test
    void bugsAreNotUnavailable() {
        assertThat(DependencyFailures.isUnavailable(new NullPointerException())).isFalse();
        assertThat(DependencyFailures.isUnavailable(new IllegalArgumentException("bad", new IOException("disk"))))
                .isFalse();
    }
}
