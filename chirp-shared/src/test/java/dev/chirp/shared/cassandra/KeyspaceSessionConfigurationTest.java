package dev.chirp.shared.cassandra;

import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyspaceSessionConfigurationTest {

    @Test
    void aKeyspaceOrTableTheNodeHasNotHeardOfYetIsWorthAskingAgain() {
        // the messages Cassandra 5.0 gives, the first seen on a fresh ring of three
        assertThat(KeyspaceSessionConfiguration.namesSchemaNotYetKnown(
                new InvalidQueryException(null, "Keyspace 'chirp_timeline' does not exist"))).isTrue();
        assertThat(KeyspaceSessionConfiguration.namesSchemaNotYetKnown(
                new InvalidQueryException(null, "unconfigured table followers_by_user"))).isTrue();
    }

    @Test
    void aMistakeInTheStatementIsNot() {
        assertThat(KeyspaceSessionConfiguration.namesSchemaNotYetKnown(
                new InvalidQueryException(null, "Undefined column name follower_idd"))).isFalse();
        assertThat(KeyspaceSessionConfiguration.namesSchemaNotYetKnown(
                new InvalidQueryException(null, "Invalid column name counted because it conflicts with an existing "
                        + "column"))).isFalse();
    }
}
