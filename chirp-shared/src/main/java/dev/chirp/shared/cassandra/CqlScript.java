package dev.chirp.shared.cassandra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a schema file into statements: {@code --} and {@code //} comments dropped, {@code ;} ends a statement. */
public final class CqlScript {

    private static final Pattern ADD_COLUMN = Pattern.compile(
            "ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+(\\w+)\\s+\\w+", Pattern.CASE_INSENSITIVE);

    /** A column that an {@code ALTER TABLE t ADD c type} statement adds. */
    public record AddedColumn(String table, String column) {
    }

    private CqlScript() {
    }

    public static List<String> statements(String script) {
        StringBuilder current = new StringBuilder();
        List<String> statements = new ArrayList<>();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.startsWith("//")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                add(statements, current);
            }
        }
        add(statements, current);
        return statements;
    }

    /**
     * The table and column when {@code statement} adds one column: Cassandra has no {@code ADD IF NOT EXISTS}, so
     * the runner skips it when the column is there, which keeps a schema file that grows a column idempotent.
     */
    public static Optional<AddedColumn> addedColumn(String statement) {
        Matcher matcher = ADD_COLUMN.matcher(statement.strip());
        return matcher.matches() ? Optional.of(new AddedColumn(matcher.group(1).toLowerCase(),
                matcher.group(2).toLowerCase())) : Optional.empty();
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
