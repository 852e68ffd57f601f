package dev.chirp.testsupport.storeauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The production overlay's store-auth component (k8s/components/store-auth): the rule files the manifests mount,
 * read here by the tests that run them against real servers, and the little those tests share.
 */
final class StoreAuthFiles {

    static final String COMPONENT = "k8s/components/store-auth";

    private final Path root;

    private StoreAuthFiles(Path root) {
        this.root = root;
    }

    /** The repository: the working directory or one of its parents that holds the component. */
    static StoreAuthFiles locate() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(COMPONENT).resolve("kustomization.yaml"))) {
                return new StoreAuthFiles(dir);
            }
        }
        throw new IllegalStateException(COMPONENT + " not found above " + Paths.get("").toAbsolutePath());
    }

    /** A file of the component, e.g. {@code redis/users.acl}. */
    String read(String file) throws IOException {
        return Files.readString(root.resolve(COMPONENT).resolve(file));
    }

    /** Any file of the repository, e.g. a service's Lua script. */
    String readRepo(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }

    Path root() {
        return root;
    }

    /** The same redis-server as ./chirp's (Debian's package), from the PATH or /usr/bin. */
    static String redisServer() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/bin:/usr/local/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, "redis-server"))) {
                return Paths.get(dir, "redis-server").toString();
            }
        }
        throw new IllegalStateException("redis-server not found on the PATH (./chirp infra up installs Debian's "
                + "redis-server when run as root)");
    }

    /**
     * The classpath of a server of the launcher ({@code launcher/servers/<server>/pom.xml}): its cache in
     * {@code .chirp/cache}, else resolved once, offline, with Maven (as ThrowawayKafka does for Kafka).
     */
    static String serverClasspath(Path root, String server) throws IOException, InterruptedException {
        Path cached = root.resolve(".chirp/cache/" + server + ".classpath");
        if (Files.isRegularFile(cached)) {
            return Files.readString(cached).trim();
        }
        Path resolved = Files.createTempFile(server, ".classpath");
        try {
            Process maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-o", "-q", "-B",
                    "-f", root.resolve("launcher/servers/" + server + "/pom.xml").toString(),
                    "dependency:build-classpath", "-Dmdep.outputFile=" + resolved).inheritIO().start();
            if (!maven.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || maven.exitValue() != 0) {
                throw new IllegalStateException("could not resolve the " + server + " classpath with Maven");
            }
            return Files.readString(resolved).trim();
        } finally {
            Files.deleteIfExists(resolved);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
