package dev.chirp.shared.cassandra;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a schema file into statements: {@code --} and {@code //} comments dropped, {@code ;} ends a statement. */
public final class CqlScript {

    private static final Pattern ADD_COLUMN = Pattern.compile(
            "ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+(\\w+)\\s+\\w+", Pattern.CASE_INSENSITIVE);

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:\\w+\\.)?(\\w+)\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern WITH = Pattern.compile("\\bWITH\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "CREATE\\s+(?:CUSTOM\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s+ON\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENT = Pattern.compile("(--|//)[^\\n]*");

    /** A column that an {@code ALTER TABLE t ADD c type} statement adds. */
    public record AddedColumn(String table, String column) {

        /**
         * Whether Cassandra refused the statement because the column is there already: another instance added it
         * meanwhile, through a node that the check before had not asked (a fresh ring in CI, where two instances
         * start together). That is the statement's purpose done, not a failure.
         */
        public boolean isAlreadyThere(Throwable refusal) {
            return String.valueOf(refusal.getMessage()).toLowerCase(Locale.ROOT)
                    .contains("column with name '" + column + "' already exists");
        }
    }

    /**
     * What a schema script makes, by name: the tables it creates, the columns it adds and the indexes it creates
     * (lower case, as Cassandra's {@code system_schema} lists unquoted names). A statement prepared against a node that
     * lacks one of them fails.
     */
    public record Made(Set<String> tables, Set<AddedColumn> columns, Set<String> indexes) {

        public boolean isEmpty() {
            return tables.isEmpty() && columns.isEmpty() && indexes.isEmpty();
        }
    }

    private CqlScript() {
    }

    /** What {@code statements} (a script's, from {@link #statements}) make. */
    public static Made made(List<String> statements) {
        Set<String> tables = new TreeSet<>();
        Set<AddedColumn> columns = new LinkedHashSet<>();
        Set<String> indexes = new TreeSet<>();
        for (String statement : statements) {
            String stripped = COMMENT.matcher(statement).replaceAll("").strip();
            Matcher table = CREATE_TABLE.matcher(stripped);
            if (table.lookingAt()) {
                tables.add(table.group(1).toLowerCase(Locale.ROOT));
            }
            Matcher index = CREATE_INDEX.matcher(stripped);
            if (index.lookingAt()) {
                indexes.add(index.group(1).toLowerCase(Locale.ROOT));
            }
            addedColumn(stripped).ifPresent(columns::add);
        }
        return new Made(tables, columns, indexes);
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

    /**
     * {@code statement} with a table ID that every instance computes alike (from the keyspace and table names) when
     * it creates a table, else {@code statement} unchanged. Cassandra gives a new table a random ID: two instances of a
     * service starting together on a fresh ring may create one table through two nodes at once, which makes two
     * tables of one name, and the schema merge keeps one of them; rows written to the other can be lost at a later
     * restart (CASSANDRA-10699). Created with one ID, the two are the same table.
     */
    public static String withStableTableId(String statement, String keyspace) {
        Matcher create = CREATE_TABLE.matcher(statement.strip());
        if (!create.lookingAt()) {
            return statement;
        }
        String stripped = statement.strip();
        int afterColumns = endOfGroup(stripped, create.end() - 1);
        if (afterColumns < 0) {
            return statement;
        }
        UUID id = tableId(keyspace, create.group(1));
        // On a line of its own, so that a comment ending the statement's last line cannot swallow it.
        return stripped + "\n" + (WITH.matcher(COMMENT.matcher(stripped.substring(afterColumns)).replaceAll("")).find()
                ? "AND" : "WITH")
                + " ID = '" + id + "'";
    }

    /** The ID {@link #withStableTableId} gives {@code keyspace.table}: a name-based (version 3) UUID. */
    public static UUID tableId(String keyspace, String table) {
        return UUID.nameUUIDFromBytes(("chirp-table:" + keyspace.toLowerCase(Locale.ROOT) + "."
                + table.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
    }

    /** The index just after the parenthesis that closes the one at {@code open}, or -1; skips comments and strings. */
    private static int endOfGroup(String cql, int open) {
        int depth = 0;
        for (int i = open; i < cql.length(); i++) {
            char c = cql.charAt(i);
            if ((c == '-' || c == '/') && i + 1 < cql.length() && cql.charAt(i + 1) == c) {
                int newline = cql.indexOf('\n', i);
                if (newline < 0) {
                    return -1;
                }
                i = newline;
            } else if (c == '\'') {
                int close = cql.indexOf('\'', i + 1);
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
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
