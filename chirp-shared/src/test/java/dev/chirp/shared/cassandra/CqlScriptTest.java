package dev.chirp.shared.cassandra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CqlScriptTest {

    @Test
    void splitsOnSemicolonsAndDropsComments() {
        String script = """
                -- users
                CREATE TABLE IF NOT EXISTS a (
                    id bigint PRIMARY KEY -- trailing comments stay harmless inside CQL
                );
                // another
                CREATE TABLE IF NOT EXISTS b (id bigint PRIMARY KEY)
                    WITH default_time_to_live = 86400;

                """;
        assertThat(CqlScript.statements(script)).containsExactly(
                "CREATE TABLE IF NOT EXISTS a (\n    id bigint PRIMARY KEY -- trailing comments stay harmless inside CQL\n)",
                "CREATE TABLE IF NOT EXISTS b (id bigint PRIMARY KEY)\n    WITH default_time_to_live = 86400");
    }

    @Test
    void emptyScriptHasNoStatements() {
        assertThat(CqlScript.statements("-- nothing yet\n")).isEmpty();
    }

    @Test
    void recognisesAStatementThatAddsAColumn() {
        assertThat(CqlScript.addedColumn("ALTER TABLE follow_edges ADD counted boolean"))
                .contains(new CqlScript.AddedColumn("follow_edges", "counted"));
        assertThat(CqlScript.addedColumn("alter table Likes_By_Tweet\n  add Counted boolean"))
                .contains(new CqlScript.AddedColumn("likes_by_tweet", "counted"));
        assertThat(CqlScript.addedColumn("CREATE TABLE IF NOT EXISTS a (id bigint PRIMARY KEY)")).isEmpty();
        assertThat(CqlScript.addedColumn("ALTER TABLE a WITH gc_grace_seconds = 10")).isEmpty();
    }

    @Test
    void knowsWhatAScriptMakesAndWhatANodeLacksOfIt() {
        CqlScript.Made made = CqlScript.made(CqlScript.statements("""
                -- the edges
                CREATE TABLE IF NOT EXISTS Follow_Edges (a bigint PRIMARY KEY, b bigint);
                ALTER TABLE follow_edges ADD counted boolean;
                CREATE INDEX IF NOT EXISTS follow_edges_b ON follow_edges (b) USING 'sai';
                CREATE CUSTOM INDEX other ON follow_edges (a) USING 'StorageAttachedIndex';
                CREATE TABLE counts (id bigint PRIMARY KEY, n counter);
                """));
        assertThat(made.tables()).containsExactly("counts", "follow_edges");
        assertThat(made.columns()).containsExactly(new CqlScript.AddedColumn("follow_edges", "counted"));
        assertThat(made.indexes()).containsExactly("follow_edges_b", "other");

        assertThat(made.isEmpty()).isFalse();
        assertThat(CqlScript.made(CqlScript.statements("CREATE KEYSPACE IF NOT EXISTS k WITH replication = {};"))
                .isEmpty()).isTrue();
    }

    @Test
    void aColumnAnotherInstanceAddedMeanwhileIsTheStatementDone() {
        CqlScript.AddedColumn counted = new CqlScript.AddedColumn("follow_edges", "counted");
        // Cassandra's answer when the column is there (seen in CI on a fresh three-node ring)
        assertThat(counted.isAlreadyThere(new IllegalStateException("Column with name 'counted' already exists")))
                .isTrue();
        assertThat(counted.isAlreadyThere(new IllegalStateException("Column with name 'other' already exists")))
                .isFalse();
        assertThat(counted.isAlreadyThere(new IllegalStateException("Table follow_edges does not exist"))).isFalse();
        assertThat(counted.isAlreadyThere(new IllegalStateException((String) null))).isFalse();
    }

    @Test
    void aCreatedTableGetsTheSameIdFromEveryInstance() {
        String id = CqlScript.tableId("chirp_tweet", "tweets_by_id").toString();

        assertThat(CqlScript.withStableTableId("CREATE TABLE IF NOT EXISTS tweets_by_id (id bigint PRIMARY KEY)",
                "chirp_tweet")).isEqualTo("CREATE TABLE IF NOT EXISTS tweets_by_id (id bigint PRIMARY KEY)\n"
                + "WITH ID = '" + id + "'");
        assertThat(CqlScript.tableId("CHIRP_TWEET", "Tweets_By_Id").toString()).isEqualTo(id);
        assertThat(CqlScript.tableId("chirp_tweet_2", "tweets_by_id").toString()).isNotEqualTo(id);
    }

    @Test
    void aTableWithOptionsGetsItsIdAsOneMoreOption() {
        String statement = """
                create table if not exists chirp_tweet.likes_by_user (
                    user_id bigint, -- the liker (WITH nothing here)
                    month int,
                    liked_at timestamp,
                    PRIMARY KEY ((user_id, month), liked_at)
                ) WITH CLUSTERING ORDER BY (liked_at DESC) -- newest first""";

        assertThat(CqlScript.withStableTableId(statement, "chirp_tweet")).isEqualTo(statement + "\nAND ID = '"
                + CqlScript.tableId("chirp_tweet", "likes_by_user") + "'");
        assertThat(CqlScript.withStableTableId("CREATE TABLE t (note text PRIMARY KEY) -- a ')' WITH",
                "k")).endsWith("\nWITH ID = '" + CqlScript.tableId("k", "t") + "'");
    }

    @Test
    void otherStatementsAreLeftAlone() {
        assertThat(CqlScript.withStableTableId("ALTER TABLE likes_by_tweet ADD counted boolean", "k"))
                .isEqualTo("ALTER TABLE likes_by_tweet ADD counted boolean");
        assertThat(CqlScript.withStableTableId("CREATE TYPE IF NOT EXISTS place (lat double)", "k"))
                .isEqualTo("CREATE TYPE IF NOT EXISTS place (lat double)");
        assertThat(CqlScript.withStableTableId("CREATE TABLE broken (id bigint", "k"))
                .isEqualTo("CREATE TABLE broken (id bigint");
    }
}
