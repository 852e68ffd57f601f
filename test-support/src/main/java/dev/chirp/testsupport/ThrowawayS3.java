package dev.chirp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private S3 server (s3proxy, the same jar the launcher runs on port 9000) as a separate JVM on a free port,
 * for tests that must take S3 away without disturbing the shared one. {@link #stop()} kills it by its PID and
 * {@link #start()} brings it back on the same port with the same data, like an outage and a recovery.
 *
 * <p>The jar is found through the system property / environment variable {@code chirp.local.s3proxy.jar}
 * ({@code CHIRP_LOCAL_S3PROXY_JAR}), else the launcher's cached classpath ({@code .chirp/cache/s3proxy.classpath}
 * in this or a parent folder), else the local Maven repository.
 *
 * <pre>{@code
 * try (ThrowawayS3 s3 = ThrowawayS3.launch()) {
 *     registry.add("my.s3.endpoint", s3::endpoint);
 *     s3.stop();   // S3 is down
 *     s3.start();  // and back
 * }
 * }</pre>
 */
public final class ThrowawayS3 implements AutoCloseable {

    private static final String JAR = "org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path home;
    private final int port;
    private Process process;

    private ThrowawayS3(Path jar, Path home, int port) {
        this.jar = jar;
        this.home = home;
        this.port = port;
    }

    /** Starts a new server with empty storage on a free port and waits until it answers. */
    public static ThrowawayS3 launch() {
        try {
            ThrowawayS3 s3 = new ThrowawayS3(findJar(), Files.createTempDirectory("throwaway-s3-"), freePort());
            s3.start();
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint URL, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return "chirp-local";
    }

    public String secretKey() {
        return "chirp-local-secret";
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again, on the same port and data) and waits until it answers HTTP. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Path data = Files.createDirectories(home.resolve("data"));
            Path conf = home.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey(),
                    "s3proxy.credential=" + secretKey(),
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data), StandardCharsets.UTF_8);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            process = new ProcessBuilder(List.of(java.toString(), "-Xmx128m",
                    "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")),
                    "-jar", jar.toString(), "--properties", conf.toString()))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("s3proxy.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitAnswer();
    }

    /** Kills the server by its PID and waits until it is gone: from now on connections are refused. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // only a temporary folder is left behind
        }
    }

    private void awaitAnswer() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited at startup; see " + home.resolve("s3proxy.log"));
            }
            try {
                // Any HTTP answer (an anonymous GET / is refused) means the S3 handlers are in place.
                http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for s3proxy", e);
            }
        }
        stop();
        throw new IllegalStateException("s3proxy did not answer within " + START_TIMEOUT);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path findJar() throws IOException {
        String configured = LocalStack.setting("chirp.local.s3proxy.jar", "");
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path cached = dir.resolve(".chirp/cache/s3proxy.classpath");
            if (Files.isRegularFile(cached)) {
                Path jar = Path.of(Files.readString(cached).trim());
                if (Files.isRegularFile(jar)) {
                    return jar;
                }
            }
        }
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path jar = Path.of(repository, JAR);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        throw new IllegalStateException("s3proxy jar not found: run ./chirp infra up once, or set "
                + "chirp.local.s3proxy.jar");
    }
}
