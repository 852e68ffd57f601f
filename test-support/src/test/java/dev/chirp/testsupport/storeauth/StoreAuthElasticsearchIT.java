package dev.chirp.testsupport.storeauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Elasticsearch security of the production overlay on a real Elasticsearch 8.19.21 (the launcher's build,
 * started here on free ports of 127.0.0.1, as "nobody" when run as root): the component's elasticsearch-config
 * settings (security on, transport TLS with a CA and certificate made by the bundled elasticsearch-certutil as
 * deploy/README.md shows; a self-signed one is refused: its keystore holds no trusted entry), its roles.yml, and its users.sh adding the file-realm users. search-service's user does
 * what SearchIndexes, BulkIndexer and the health check do on its {@code chirp-*} indexes and nothing else; the
 * exporter reads cluster and node state only; no request goes through without a user.
 */
class StoreAuthElasticsearchIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static StoreAuthFiles files;
    private static Path home;
    private static Process elasticsearch;
    private static int httpPort;

    @BeforeAll
    static void startElasticsearch() throws Exception {
        files = StoreAuthFiles.locate();
        Path root = files.root();
        Path esHome = elasticsearchHome(root);
        home = Files.createTempDirectory("store-auth-es");
        Path conf = home.resolve("config");
        copyTree(esHome.resolve("config"), conf);
        httpPort = StoreAuthFiles.freePort();
        int transportPort = StoreAuthFiles.freePort();
        StringBuilder yml = new StringBuilder();
        for (String line : Files.readString(root.resolve("launcher/servers/elasticsearch/elasticsearch.yml.in"))
                .split("\n")) {
            if (!line.startsWith("xpack.security")) {   // the launcher's "security off" lines
                yml.append(line.replace("@DATA@", home.resolve("data").toString())
                        .replace("@LOGS@", home.resolve("logs").toString())
                        .replace("http.port: 9200", "http.port: " + httpPort)
                        .replace("transport.port: 9300", "transport.port: " + transportPort)
                        .replace("cluster.name: chirp-local", "cluster.name: store-auth-test")).append('\n');
            }
        }
        yml.append("# k8s/components/store-auth: elasticsearch-config\n");
        overlaySettings().forEach((k, v) -> yml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("elasticsearch.yml"), yml.toString());
        Files.createDirectories(conf.resolve("jvm.options.d"));
        Files.copy(root.resolve("launcher/servers/elasticsearch/jvm.options"),
                conf.resolve("jvm.options.d/chirp.options"));
        Files.copy(root.resolve(StoreAuthFiles.COMPONENT).resolve("elasticsearch/roles.yml"),
                conf.resolve("roles.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("ES_JAVA_HOME", Paths.get(System.getProperty("java.home")).toString());
        env.put("ES_PATH_CONF", conf.toString());
        env.put("ES_TMPDIR", Files.createDirectories(home.resolve("tmp")).toString());
        env.put("ES_JAVA_OPTS", "");
        env.put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + home.resolve("tmp"));
        env.put("HOME", home.toString());
        env.put("ES_HOME", esHome.toString());
        env.put("USERS_DIR", home.resolve("users").toString());
        // the transport certificate, as deploy/README.md makes it
        Files.createDirectories(conf.resolve("certs"));
        String certutil = esHome.resolve("bin/elasticsearch-certutil").toString();
        run(env, List.of(certutil, "ca", "--pass", "", "--out", home.resolve("elastic-stack-ca.p12").toString(),
                "--silent"));
        run(env, List.of(certutil, "cert", "--ca", home.resolve("elastic-stack-ca.p12").toString(), "--ca-pass", "",
                "--pass", "", "--out", conf.resolve("certs/elastic-certificates.p12").toString(), "--silent"));
        // the users, by the component's own script
        for (String user : List.of("search-service", "exporter")) {
            Path file = home.resolve("users").resolve(user).resolve("password");
            Files.createDirectories(file.getParent());
            Files.writeString(file, password(user) + "\n");
        }
        run(env, List.of("/bin/bash", root.resolve(StoreAuthFiles.COMPONENT).resolve("elasticsearch/users.sh")
                .toString(), "--users-only"));

        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // Elasticsearch refuses to run as root: as ./chirp does, as nobody
            run(env, List.of("chown", "-R", "nobody:nogroup", home.toString()));
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        command.add(esHome.resolve("bin/elasticsearch").toString());
        Path log = Files.createTempFile("store-auth-es", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        builder.directory(home.toFile());
        elasticsearch = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (ready()) {
                break;
            }
            if (!elasticsearch.isAlive() || System.nanoTime() > deadline) {
                String tail = Files.readString(log, StandardCharsets.ISO_8859_1);
                Files.deleteIfExists(log);
                throw new IllegalStateException("throwaway Elasticsearch did not start:\n"
                        + tail.substring(Math.max(0, tail.length() - 4000)));
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        Files.deleteIfExists(log);
    }

    @AfterAll
    static void stopElasticsearch() throws Exception {
        if (elasticsearch != null) {
            // bin/elasticsearch is a launcher JVM whose child is the server: stop both
            List<ProcessHandle> all = Stream.concat(elasticsearch.descendants(), Stream.of(elasticsearch.toHandle()))
                    .toList();
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : all) {
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }
        }
        StoreAuthFiles.deleteTree(home);
    }

    @Test
    void searchServiceWorksOnItsIndexesOnly() throws Exception {
        String search = "search-service";
        assertThat(status(search, "GET", "/_cluster/health", null)).as("readiness check").isEqualTo(200);
        // SearchIndexes: exists, create with settings and a mapping, then the refresh interval of an existing one
        assertThat(status(search, "HEAD", "/chirp-tweets", null)).isEqualTo(404);
        assertThat(status(search, "PUT", "/chirp-tweets", "{\"settings\":{\"number_of_shards\":1,"
                + "\"number_of_replicas\":0,\"refresh_interval\":\"500ms\"},\"mappings\":{\"properties\":"
                + "{\"text\":{\"type\":\"text\"}}}}")).isEqualTo(200);
        assertThat(status(search, "HEAD", "/chirp-tweets", null)).isEqualTo(200);
        assertThat(status(search, "PUT", "/chirp-tweets/_settings", "{\"index\":{\"refresh_interval\":\"500ms\"}}"))
                .isEqualTo(200);
        // BulkIndexer and the deletes by ID, then the searches
        assertThat(status(search, "POST", "/_bulk?refresh=true", "{\"index\":{\"_index\":\"chirp-tweets\","
                + "\"_id\":\"1\"}}\n{\"text\":\"hello\"}\n{\"index\":{\"_index\":\"chirp-tweets\",\"_id\":\"2\"}}\n"
                + "{\"text\":\"world\"}\n")).isEqualTo(200);
        assertThat(status(search, "POST", "/chirp-tweets/_search", "{\"query\":{\"match\":{\"text\":\"hello\"}}}"))
                .isEqualTo(200);
        assertThat(status(search, "DELETE", "/chirp-tweets/_doc/2", null)).isEqualTo(200);

        // refused: another index, deleting its index, cluster settings, security, node internals
        assertThat(status(search, "PUT", "/other-index", "{}")).isEqualTo(403);
        assertThat(call(search, "POST", "/_bulk", "{\"index\":{\"_index\":\"other-index\",\"_id\":\"1\"}}\n"
                + "{\"text\":\"x\"}\n").body()).contains("security_exception");
        assertThat(status(search, "DELETE", "/chirp-tweets", null)).isEqualTo(403);
        assertThat(status(search, "PUT", "/_cluster/settings", "{\"persistent\":{\"cluster.routing.allocation"
                + ".enable\":\"none\"}}")).isEqualTo(403);
        assertThat(status(search, "GET", "/_security/user", null)).isEqualTo(403);
        assertThat(status(search, "GET", "/_nodes/stats", null)).isEqualTo(403);
    }

    @Test
    void exporterReadsClusterStateOnly() throws Exception {
        assertThat(status("exporter", "GET", "/_cluster/health", null)).isEqualTo(200);
        assertThat(status("exporter", "GET", "/_nodes/stats", null)).isEqualTo(200);
        assertThat(status("exporter", "GET", "/_cluster/stats", null)).isEqualTo(200);
        assertThat(status("exporter", "POST", "/chirp-*/_search", "{}")).isEqualTo(403);
        assertThat(status("exporter", "PUT", "/chirp-exporter", "{}")).isEqualTo(403);
        assertThat(status("exporter", "PUT", "/_cluster/settings",
                "{\"persistent\":{\"cluster.routing.allocation.enable\":\"none\"}}")).isEqualTo(403);
    }

    @Test
    void nothingWithoutAUser() throws Exception {
        assertThat(status(null, "GET", "/_cluster/health", null)).isEqualTo(401);
        assertThat(status(null, "POST", "/chirp-tweets/_search", "{}")).isEqualTo(401);
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/_cluster/health")).header("Authorization", basic("search-service", "not-the-password"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The ES_SETTING_* literals of the component's elasticsearch-config, as the image turns them into settings. */
    private static Map<String, String> overlaySettings() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("- ES_SETTING_([A-Z0-9_]+)=(\\S+)").matcher(files.read("kustomization.yaml"));
        while (m.find()) {
            out.put(m.group(1).replace("__", "\u0000").replace('_', '.').replace('\u0000', '_')
                    .toLowerCase(Locale.ROOT), m.group(2));
        }
        assertThat(out).containsEntry("xpack.security.enabled", "true")
                .containsKey("xpack.security.transport.ssl.keystore.path");
        return out;
    }

    /** The launcher's Elasticsearch build: its cache, else unpacked once by its pom into test-support/target. */
    private static Path elasticsearchHome(Path root) throws Exception {
        for (Path dir : List.of(root.resolve(".chirp/cache/elasticsearch"),
                root.resolve("test-support/target/store-auth-es/elasticsearch.tmp"))) {
            Path found = find(dir);
            if (found != null) {
                return found;
            }
        }
        Process maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-o", "-q", "-B", "-f",
                root.resolve("launcher/servers/elasticsearch/pom.xml").toString(), "validate",
                "-Dchirp.cache=" + root.resolve("test-support/target/store-auth-es")).inheritIO().start();
        assertThat(maven.waitFor(5, TimeUnit.MINUTES) && maven.exitValue() == 0)
                .as("unpacking the Elasticsearch build with Maven").isTrue();
        return find(root.resolve("test-support/target/store-auth-es/elasticsearch.tmp"));
    }

    private static Path find(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isExecutable(p.resolve("bin/elasticsearch"))).findFirst().orElse(null);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Runs a tool to its end: no terminal (a prompt fails instead of waiting), at most 3 minutes. */
    private static void run(Map<String, String> env, List<String> command) throws Exception {
        Path out = Files.createTempFile("store-auth-es-tool", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            boolean done = p.waitFor(3, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            assertThat(done && p.exitValue() == 0).as(command + ": " + Files.readString(out)).isTrue();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The node answers the exporter's health check (it may refuse connections while it starts). */
    private static boolean ready() throws InterruptedException {
        try {
            return StoreAuthFiles.portOpen(httpPort) && status("exporter", "GET", "/_cluster/health", null) == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int status(String user, String method, String path, String body)
            throws IOException, InterruptedException {
        return call(user, method, path, body).statusCode();
    }

    private static HttpResponse<String> call(String user, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        }
        if (user != null) {
            request.header("Authorization", basic(user, password(user)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String password(String user) {
        return "test-password-of-" + user;
    }
}
