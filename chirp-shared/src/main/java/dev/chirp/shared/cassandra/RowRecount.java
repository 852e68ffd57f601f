package dev.chirp.shared.cassandra;

import java.util.function.LongConsumer;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import org.jspecify.annotations.Nullable;

/**
 * The usual {@link CounterRecounts.Recount}: a counter column in a table keyed by one ID, mended from the rows a query
 * for that ID returns. A service declares one per counter ({@link CounterRecounts#ofRows}); the counter's name is its
 * column's.
 */
final class RowRecount implements CounterRecounts.Recount {

    private final CqlSession session;
    private final String column;
    private final PreparedStatement stored;
    private final PreparedStatement rows;
    private final PreparedStatement add;
    private final @Nullable String flag;
    private final LongConsumer moved;

    RowRecount(CqlSession session, String table, String column, String keyColumn, String rowsQuery,
               @Nullable String flag, LongConsumer moved) {
        this.session = session;
        this.column = column;
        this.stored = session.prepare("SELECT " + column + " FROM " + table + " WHERE " + keyColumn + " = ?");
        this.rows = session.prepare(rowsQuery);
        this.add = session.prepare(
                "UPDATE " + table + " SET " + column + " = " + column + " + ? WHERE " + keyColumn + " = ?");
        this.flag = flag;
        this.moved = moved;
    }

    @Override
    public String counter() {
        return column;
    }

    @Override
    public long stored(long id) {
        Row row = session.execute(stored.bind(id)).one();
        return row == null ? 0 : row.getLong(0);
    }

    @Override
    public long counted(long id) {
        long counted = 0;
        for (Row row : session.execute(rows.bind(id))) {
            if (flag == null || row.getBoolean(flag)) {
                counted++;
            }
        }
        return counted;
    }

    @Override
    public void add(long id, long delta) {
        try {
            session.execute(add.bind(delta, id).setTimeout(CounterUpdates.TIMEOUT));
        } finally {
            // a failed update may still have been applied
            moved.accept(id);
        }
    }
}
