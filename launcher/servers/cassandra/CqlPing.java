import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SocketOptions;
import org.slf4j.LoggerFactory;

/**
 * Cassandra's readiness check for ./chirp (ready_cassandra in launcher/lib/servers.sh): one real CQL round trip with
 * the DataStax Java driver that Cassandra's own classpath already carries (cassandra-driver-core 3.x, a dependency of
 * cassandra-all), so the launcher downloads nothing for it. Prints release_version and exits 0 when the node answers
 * {@code SELECT release_version FROM system.local}; exits 1 otherwise. The caller bounds the whole run with timeout.
 *
 * <p>Usage: {@code java -cp <classes>:<cassandra classpath> CqlPing [host] [port]} (default 127.0.0.1 9042).
 */
public final class CqlPing {
  public static void main(String[] args) {
    // Cassandra's classpath brings logback with no configuration for us: without this it logs at DEBUG to stdout.
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.OFF);
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 9042;
    int status = 1;
    try {
      Cluster cluster = Cluster.builder()
          .addContactPoint(host)
          .withPort(port)
          .withoutJMXReporting()
          .withoutMetrics()
          .withSocketOptions(new SocketOptions().setConnectTimeoutMillis(2000).setReadTimeoutMillis(3000))
          .withQueryOptions(new QueryOptions().setMetadataEnabled(false))
          .build();
      Session session = cluster.connect();
      Row row = session.execute("SELECT release_version FROM system.local").one();
      if (row != null) {
        System.out.println(row.getString("release_version"));
        status = 0;
      }
    } catch (RuntimeException e) {
      System.err.println("CqlPing: " + e);
    }
    // No graceful close: the driver's event loops linger ~2 s on shutdown, and this JVM is about to exit anyway.
    System.exit(status);
  }
}
