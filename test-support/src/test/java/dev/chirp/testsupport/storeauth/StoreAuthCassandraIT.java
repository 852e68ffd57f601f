package dev.chirp.testsupport.storeauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import dev.chirp.shared.cassandra.CqlScript;
import dev.chirp.shared.cassandra.KeyspaceSessionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cassandra authentication of the production overlay on a real Cassandra 5.0.9 (the launcher's, started here as
 * a throwaway node on free ports of 127.0.0.1): the StatefulSet's own edit of cassandra.yaml (data-tier.yaml) turns
 * on PasswordAuthenticator and CassandraAuthorizer, the setup Job's own statements (cassandra/setup.sh
 * --print-bootstrap-cql / --print-cql over cassandra/roles.txt) run as the Job runs them. Then each service's role runs
 * its real schema.cql in its own keyspace as the service does with chirp.cassandra.create-keyspace=false; the Job's
 * second run (--print-revoke-cql) takes back the DROP and AUTHORIZE that Cassandra gives a table's creator; each role
 * runs its schema again, reads and writes its tables, and is refused CREATE KEYSPACE, DROP, grants and every other
 * service's keyspace; cassandra/cassandra can no longer log in.
 */
class StoreAuthCassandraIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

    private static StoreAuthFiles files;
    private static Path home;
    private static Process cassandra;
    private static int cqlPort;
    private static Map<String, String> roles;

    @BeforeAll
    static void startCassandra() throws Exception {
        files = StoreAuthFiles.locate();
        home = Files.createTempDirectory("store-auth-cassandra");
        Path root = files.root();
        int storagePort = StoreAuthFiles.freePort();
        cqlPort = StoreAuthFiles.freePort();
        Path yaml = home.resolve("cassandra.yaml");
        Files.writeString(yaml, Files.readString(root.resolve("launcher/servers/cassandra/cassandra.yaml.in"))
                .replace("@DATA@", home.resolve("data").toString())
                .replace("cluster_name: chirp-local", "cluster_name: store-auth-test")
                .replace("127.0.0.1:7000", "127.0.0.1:" + storagePort)
                .replace("storage_port: 7000", "storage_port: " + storagePort)
                .replace("native_transport_port: 9042", "native_transport_port: " + cqlPort));
        runStatefulSetEdit(yaml);
        assertThat(Files.readString(yaml)).contains("authenticator: PasswordAuthenticator")
                .contains("authorizer: CassandraAuthorizer").doesNotContain("AllowAll");

        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Paths.get("/usr/bin/setpriv"))) {
            // as ./chirp does: as root Cassandra would mlock its whole heap
            command.addAll(List.of("/usr/bin/setpriv", "--bounding-set=-ipc_lock", "--"));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("@" + root.resolve("launcher/servers/cassandra/jvm.options"));
        command.addAll(List.of("-Xms512m", "-Xmx512m", "-Dcassandra.config=file://" + yaml,
                "-Dcassandra.storagedir=" + home.resolve("data"), "-Dcassandra.logdir=" + home,
                "-Dlogback.configurationFile=" + root.resolve("launcher/servers/cassandra/logback.xml"),
                // the default superuser is made at once instead of after 10 s
                "-Dcassandra.superuser_setup_delay_ms=0",
                "-Djava.io.tmpdir=" + home, "-Djna.tmpdir=" + home,
                "-cp", StoreAuthFiles.serverClasspath(root, "cassandra"), "org.apache.cassandra.service.CassandraDaemon"));
        Path log = home.resolve("cassandra.log");
        cassandra = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.readString(log, StandardCharsets.ISO_8859_1).contains("Starting listening for CQL clients")
                && StoreAuthFiles.portOpen(cqlPort))) {
            if (!cassandra.isAlive() || System.nanoTime() > deadline) {
                String tail = Files.readString(log, StandardCharsets.ISO_8859_1);
                throw new IllegalStateException("throwaway Cassandra did not start:\n"
                        + tail.substring(Math.max(0, tail.length() - 4000)));
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }

        // the Job: passwords where it mounts them, its statements as it runs them
        roles = new LinkedHashMap<>();
        roles.put("admin", "test-password-of-admin");
        for (String line : files.read("cassandra/roles.txt").split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && !f[0].startsWith("#")) {
                roles.put(f[0], "test-password-of-" + f[0]);
            }
        }
        for (Map.Entry<String, String> role : roles.entrySet()) {
            Path file = home.resolve("roles").resolve(role.getKey()).resolve("password");
            Files.createDirectories(file.getParent());
            Files.writeString(file, role.getValue() + "\n");
        }
        awaitDefaultSuperuser();
        try (CqlSession superuser = session("cassandra", "cassandra", null)) {
            run(superuser, setupScript("--print-bootstrap-cql"));
        }
        try (CqlSession admin = session("admin", roles.get("admin"), null)) {
            // as the Job (restartPolicy OnFailure): again while Cassandra refuses a password change within 5 s of
            // the previous one (the default superuser's was set at start); every statement is idempotent
            for (int attempt = 1; ; attempt++) {
                try {
                    run(admin, setupScript("--print-cql"));
                    break;
                } catch (OverloadedException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(5500);
                }
            }
        }
    }

    @AfterAll
    static void stopCassandra() throws Exception {
        if (cassandra != null) {
            cassandra.destroy();
            if (!cassandra.waitFor(30, TimeUnit.SECONDS)) {
                cassandra.destroyForcibly();
                cassandra.waitFor(30, TimeUnit.SECONDS);
            }
        }
        StoreAuthFiles.deleteTree(home);
    }

    @Test
    void everyServiceRunsItsSchemaAndDataInItsOwnKeyspaceOnly() throws Exception {
        Map<String, String> keyspaces = new LinkedHashMap<>();
        for (String line : files.read("cassandra/roles.txt").split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && !f[0].startsWith("#")) {
                keyspaces.put(f[0], f[1]);
            }
        }
        assertThat(keyspaces).containsOnlyKeys("user-service", "tweet-service", "timeline-service", "media-service");
        for (Map.Entry<String, String> entry : keyspaces.entrySet()) {
            String service = entry.getKey();
            String keyspace = entry.getValue();
            String schema = files.readRepo(service + "/src/main/resources/cassandra/schema.cql");
            try (CqlSession session = session(service, roles.get(service), null)) {
                // what KeyspaceSessionConfiguration does with create-keyspace=false: the schema, in its keyspace
                for (String statement : CqlScript.statements(schema)) {
                    KeyspaceSessionConfiguration.execute(session, statement, keyspace);
                }
            }
        }
        // the Job run again after the services' first start: the tables' owners lose DROP and AUTHORIZE
        StringBuilder tables = new StringBuilder();
        try (CqlSession admin = session("admin", roles.get("admin"), null)) {
            for (String keyspace : keyspaces.values()) {
                admin.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
                        .forEach(row -> tables.append(keyspace).append(' ').append(row.getString(0)).append('\n'));
            }
            run(admin, setupScript("--print-revoke-cql", tables.toString()));
        }
        for (Map.Entry<String, String> entry : keyspaces.entrySet()) {
            String service = entry.getKey();
            String keyspace = entry.getValue();
            String schema = files.readRepo(service + "/src/main/resources/cassandra/schema.cql");
            try (CqlSession session = session(service, roles.get(service), null)) {
                // a restart runs the schema again: still allowed (CREATE ... IF NOT EXISTS, ALTER)
                for (String statement : CqlScript.statements(schema)) {
                    if (CqlScript.addedColumn(statement).isEmpty()) {
                        KeyspaceSessionConfiguration.execute(session, statement, keyspace);
                    }
                }
                List<String> own = session.execute("SELECT table_name FROM system_schema.tables "
                        + "WHERE keyspace_name = ?", keyspace).all().stream().map(r -> r.getString(0)).toList();
                assertThat(own).as(service).isNotEmpty();
                String table = keyspace + "." + own.get(0);
                session.execute("SELECT * FROM " + table + " LIMIT 1");
                session.execute("TRUNCATE " + table);   // needs MODIFY
                unauthorized(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = "
                        + REPLICATION);
                unauthorized(session, "CREATE KEYSPACE chirp_other WITH replication = " + REPLICATION);
                unauthorized(session, "DROP TABLE " + table);
                unauthorized(session, "DROP KEYSPACE " + keyspace);
                unauthorized(session, "GRANT SELECT ON ALL KEYSPACES TO \"" + service + "\"");
                unauthorized(session, "GRANT SELECT ON TABLE " + table + " TO cassandra");
                unauthorized(session, "CREATE ROLE intruder WITH LOGIN = true AND PASSWORD = 'x'");
                unauthorized(session, "SELECT * FROM system_auth.roles");
                for (Map.Entry<String, String> other : keyspaces.entrySet()) {
                    if (!other.getKey().equals(service)) {
                        unauthorized(session, "CREATE TABLE IF NOT EXISTS " + other.getValue()
                                + ".intruder (id int PRIMARY KEY)");
                    }
                }
            }
        }
        // after every schema exists: no service reads or writes another's tables
        for (Map.Entry<String, String> entry : keyspaces.entrySet()) {
            try (CqlSession session = session(entry.getKey(), roles.get(entry.getKey()), null)) {
                for (Map.Entry<String, String> other : keyspaces.entrySet()) {
                    if (other.getKey().equals(entry.getKey())) {
                        continue;
                    }
                    String table = other.getValue() + "." + session.execute("SELECT table_name FROM "
                            + "system_schema.tables WHERE keyspace_name = ?", other.getValue()).one().getString(0);
                    unauthorized(session, "SELECT * FROM " + table + " LIMIT 1");
                    unauthorized(session, "TRUNCATE " + table);
                }
            }
        }
    }

    @Test
    void theDefaultSuperuserCanNoLongerLogIn() {
        assertThatThrownBy(() -> session("cassandra", "cassandra", null).close())
                .isInstanceOf(AllNodesFailedException.class).hasStackTraceContaining("Authentication error");
        assertThatThrownBy(() -> session("user-service", "not-the-password", null).close())
                .isInstanceOf(AllNodesFailedException.class).hasStackTraceContaining("Authentication error");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The sed program of the cassandra StatefulSet's command (data-tier.yaml), run on this node's cassandra.yaml. */
    private static void runStatefulSetEdit(Path yaml) throws Exception {
        String dataTier = files.read("data-tier.yaml");
        Matcher m = Pattern.compile("(sed -i .*?/etc/cassandra/cassandra\\.yaml)").matcher(dataTier);
        assertThat(m.find()).as("the sed command of the cassandra StatefulSet in data-tier.yaml").isTrue();
        String sed = m.group(1).replace("/etc/cassandra/cassandra.yaml", yaml.toString());
        // the image's own file may spell the authenticator as a class_name block: the same program handles both
        Path nested = home.resolve("nested.yaml");
        Files.writeString(nested, "authenticator:\n  class_name : org.apache.cassandra.auth.AllowAllAuthenticator\n"
                + "# a comment\nauthorizer: AllowAllAuthorizer\nrole_manager: CassandraRoleManager\nnext: 1\n");
        for (Path file : List.of(yaml, nested)) {
            String program = sed.replace(yaml.toString(), file.toString());
            Process p = new ProcessBuilder("/bin/bash", "-c", program).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
        }
        assertThat(Files.readString(nested)).isEqualTo("authenticator: PasswordAuthenticator\n# a comment\n"
                + "authorizer: CassandraAuthorizer\nrole_manager: CassandraRoleManager\nnext: 1\n");
    }

    private static String setupScript(String mode) throws Exception {
        return setupScript(mode, "");
    }

    private static String setupScript(String mode, String stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash",
                files.root().resolve(StoreAuthFiles.COMPONENT).resolve("cassandra/setup.sh").toString(), mode);
        builder.environment().put("CASSANDRA_ACL_DIR",
                files.root().resolve(StoreAuthFiles.COMPONENT).resolve("cassandra").toString());
        builder.environment().put("CASSANDRA_ROLES_DIR", home.resolve("roles").toString());
        builder.environment().put("CHIRP_CASSANDRA_REPLICATION", REPLICATION);
        Process p = builder.redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static void run(CqlSession session, String statements) {
        for (String statement : statements.split(";\n")) {
            if (!statement.isBlank()) {
                session.execute(statement.strip());
            }
        }
    }

    private static void awaitDefaultSuperuser() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (CqlSession ignored = session("cassandra", "cassandra", null)) {
                return;
            } catch (AllNodesFailedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    private static void unauthorized(CqlSession session, String cql) {
        assertThatThrownBy(() -> session.execute(cql)).as(cql).isInstanceOf(UnauthorizedException.class);
    }

    private static CqlSession session(String user, String password, String keyspace) {
        var builder = CqlSession.builder()
                .addContactPoint(new InetSocketAddress("127.0.0.1", cqlPort))
                .withLocalDatacenter("datacenter1")
                .withAuthCredentials(user, password)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                        .build());
        if (keyspace != null) {
            builder.withKeyspace(keyspace);
        }
        return builder.build();
    }
}
