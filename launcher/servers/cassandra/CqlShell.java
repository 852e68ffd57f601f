import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ColumnDefinitions;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import org.slf4j.LoggerFactory;

/**
 * The part of cqlsh that ./chirp needs ({@code ./chirp cql}), so that deploy/backup/cassandra.sh runs unchanged against
 * the local node: this machine has no cqlsh (it comes with Cassandra's tarball and a Python driver, not with the
 * cassandra-all jar the launcher runs). Uses the DataStax Java driver that Cassandra's classpath already carries.
 *
 * <pre>
 *   CqlShell [-h host] [-p port] -e "STATEMENT; STATEMENT; ..."
 *   CqlShell [-h host] [-p port] -f FILE
 * </pre>
 *
 * Prints like cqlsh where the backup script reads it: the {@code create_statement} of a DESCRIBE (Cassandra answers
 * DESCRIBE itself since 4.0), one statement per paragraph; any other result one row per line, values joined by
 * {@code " | "}. Exits 1 at the first statement that fails, as {@code cqlsh -e} does, with Cassandra's message.
 */
public final class CqlShell {
  public static void main(String[] args) throws IOException {
    // Cassandra's classpath brings logback with no configuration for us: without this it logs at DEBUG to stdout.
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.OFF);
    String host = "127.0.0.1";
    int port = 9042;
    String script = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-h" -> host = args[++i];
        case "-p" -> port = Integer.parseInt(args[++i]);
        case "-e" -> script = args[++i];
        case "-f" -> script = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8);
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (script == null) {
      usage("give -e STATEMENTS or -f FILE");
    }
    int status = 0;
    try (Cluster cluster = Cluster.builder().addContactPoint(host).withPort(port)
        .withoutJMXReporting().withoutMetrics()
        .withQueryOptions(new QueryOptions().setMetadataEnabled(false)).build();
        Session session = cluster.connect()) {
      for (String statement : statements(script)) {
        print(session.execute(statement));
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      status = 1;
    }
    System.out.flush();
    // No graceful wait for the driver's event loops (about 2 s): the session is closed and this JVM is done.
    System.exit(status);
  }

  private static void print(ResultSet result) {
    ColumnDefinitions columns = result.getColumnDefinitions();
    boolean described = columns.contains("create_statement");
    for (Row row : result) {
      if (described) {
        String create = row.getString("create_statement").strip();
        System.out.println(create.endsWith(";") ? create : create + ";");
        System.out.println();
        continue;
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        values.add(String.valueOf(row.getObject(i)));
      }
      System.out.println(String.join(" | ", values));
    }
  }

  /** Splits a script at semicolons that are not inside a string, a quoted name or a comment. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(script, i, c);
        current.append(script, i, end);
        i = end;
      } else if (script.startsWith("$$", i)) {
        int end = script.indexOf("$$", i + 2);
        end = end < 0 ? script.length() : end + 2;
        current.append(script, i, end);
        i = end;
      } else if (script.startsWith("--", i) || script.startsWith("//", i)) {
        int end = script.indexOf('\n', i);
        i = end < 0 ? script.length() : end;
      } else if (script.startsWith("/*", i)) {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? script.length() : end + 2;
      } else if (c == ';') {
        add(out, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(out, current);
    return out;
  }

  /** Index just past the quote that closes the one at {@code start}; a doubled quote is an escaped one. */
  private static int closing(String script, int start, char quote) {
    int i = start + 1;
    while (i < script.length()) {
      if (script.charAt(i) == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return script.length();
  }

  private static void add(List<String> out, StringBuilder statement) {
    String s = statement.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    statement.setLength(0);
  }

  private static void usage(String problem) {
    System.err.println("CqlShell: " + problem + "\nusage: CqlShell [-h host] [-p port] (-e STATEMENTS | -f FILE)");
    System.exit(2);
  }
}
