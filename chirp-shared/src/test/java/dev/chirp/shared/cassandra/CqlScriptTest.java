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
}
