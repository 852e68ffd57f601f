package dev.chirp.fixtureone;

import java.util.List;

import com.datastax.oss.driver.api.core.cql.Row;

/** Breaks the row rule with {@code first} and {@code all}; {@code mapped} keeps its row private, as a store should. */
public class RowStore {

    public Row first() {
        return null;
    }

    public List<Row> all() {
        return List.of();
    }

    private String mapped(Row row) {
        return row.getString("text");
    }
}
