package dev.chirp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

/**
 * A private single-node KRaft Kafka (the same 4.3.1 server as {@code ./chirp infra}) that a test starts as its own
 * JVM on free ports, stops and starts again on the same log directory: for proving what happens while Kafka is down
 * without touching the shared broker on 9092.
 *
 * <p>The classpath is the launcher's cache ({@code .chirp/cache/kafka.classpath}); when absent it is resolved once,
 * offline, from the launcher's {@code launcher/servers/kafka/pom.xml}. The broker's settings are the launcher's
 * {@code server.properties.in} with other ports and a temporary data folder.
 *
 * <pre>{@code
 * try (ThrowawayKafka kafka = ThrowawayKafka.create()) {
 *     kafka.start();
 *     ... kafka.bootstrapServers() ...
 *     kafka.stop();   // the broker process is gone; its data stays
 *     kafka.start();  // same ports, same log dir, same topics and offsets
 * }
 * }</pre>
 */
public final class ThrowawayKafka implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final Path launcherKafka;
    private final String classpath;
    private final int brokerPort;
    private final int controllerPort;
    private Process process;

    private ThrowawayKafka(Path home, Path launcherKafka, String classpath, int brokerPort, int controllerPort) {
        this.home = home;
        this.launcherKafka = launcherKafka;
        this.classpath = classpath;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Picks free ports, writes server.properties into a fresh temporary folder and formats the storage. */
    public static ThrowawayKafka create() {
        return create(UnaryOperator.identity());
    }

    /**
     * As {@link #create()}, with the broker's settings edited before the storage is formatted: {@code edit} gets
     * the launcher's {@code server.properties} with this broker's ports in place and returns the file to use
     * (settings appended at the end win). For proving a deployment's broker settings, e.g. SASL listeners.
     */
    public static ThrowawayKafka create(UnaryOperator<String> edit) {
        try {
            Path root = repositoryRoot();
            Path launcherKafka = root.resolve("launcher/servers/kafka");
            ThrowawayKafka kafka = new ThrowawayKafka(Files.createTempDirectory("throwaway-kafka"), launcherKafka,
                    classpath(root), freePort(), freePort());
            // A test that fails before its own cleanup must not leave a broker running after the JVM is gone.
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "throwaway-kafka-cleanup"));
            kafka.configure(edit);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Starts the broker and waits until it serves on its port. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Path log = home.resolve("kafka.log");
            Files.deleteIfExists(log);
            process = new ProcessBuilder(command("kafka.Kafka", home.resolve("server.properties").toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!(logContains(log, "Kafka Server started") && portOpen(brokerPort))) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String tail = Files.exists(log) ? Files.readString(log) : "";
                    stop();
                    throw new IllegalStateException("throwaway Kafka did not start; log:\n"
                            + tail.substring(Math.max(0, tail.length() - 4000)));
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker process (by its PID: SIGTERM, then SIGKILL after 30 s) and keeps its data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops the broker and deletes its folder; safe to call more than once. */
    @Override
    public void close() {
        stop();
        if (!Files.exists(home)) {
            return;
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void configure(UnaryOperator<String> edit) throws IOException {
        String template = Files.readString(launcherKafka.resolve("server.properties.in"));
        String properties = template
                .replace("127.0.0.1:9093", "127.0.0.1:" + controllerPort)
                .replace("127.0.0.1:9092", "127.0.0.1:" + brokerPort)
                .replace("@DATA@", home.toString());
        Path file = home.resolve("server.properties");
        Files.writeString(file, edit.apply(properties));
        Process format = new ProcessBuilder(command("kafka.tools.StorageTool", "format", "-t",
                Uuid.randomUuid().toString(), "-c", file.toString(), "--standalone"))
                .redirectErrorStream(true).redirectOutput(home.resolve("format.log").toFile()).start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting throwaway Kafka storage failed: "
                        + Files.readString(home.resolve("format.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> command(String mainClass, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m",
                "-Djava.io.tmpdir=" + home,
                "-Dlog4j2.configurationFile=" + launcherKafka.resolve("log4j2.properties"),
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String classpath(Path root) throws IOException {
        Path cached = root.resolve(".chirp/cache/kafka.classpath");
        if (Files.isRegularFile(cached)) {
            return Files.readString(cached).trim();
        }
        Path resolved = Files.createTempFile("kafka", ".classpath");
        try {
            Process maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-o", "-q", "-B",
                    "-f", root.resolve("launcher/servers/kafka/pom.xml").toString(), "dependency:build-classpath",
                    "-Dmdep.outputFile=" + resolved).inheritIO().start();
            if (!maven.waitFor(5, TimeUnit.MINUTES) || maven.exitValue() != 0) {
                throw new IllegalStateException("could not resolve the Kafka server classpath with Maven");
            }
            return Files.readString(resolved, StandardCharsets.UTF_8).trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(resolved);
        }
    }

    /** The folder holding {@code launcher/servers/kafka}: the working directory or one of its parents. */
    private static Path repositoryRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("launcher/servers/kafka/server.properties.in"))) {
                return dir;
            }
        }
        throw new IllegalStateException("launcher/servers/kafka not found above " + Paths.get("").toAbsolutePath());
    }

    /** A free TCP port on the loopback address (for a listener of an edited broker). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean logContains(Path log, String text) throws IOException {
        return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    }
}
