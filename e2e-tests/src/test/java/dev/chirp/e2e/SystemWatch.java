package dev.chirp.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the services did while an attack ran, read from the launcher's files under CHIRP_HOME ({@code run/*.pid},
 * {@code logs/*.log}): whether a service process was replaced (a restart or a crash) and which error lines it logged.
 * CHIRP_HOME comes from {@code chirp.e2e.home} (./chirp test passes it), else {@code ../.chirp} beside this module;
 * against a system not started by ./chirp there is nothing to read, and {@link #available()} says so.
 */
final class SystemWatch {

    static final List<String> SERVICES = List.of("gateway-service", "user-service", "tweet-service",
            "timeline-service", "search-service", "media-service");

    private final Path home;
    private final Map<String, String> pids = new LinkedHashMap<>();
    private final Map<String, Long> logOffsets = new LinkedHashMap<>();

    private SystemWatch(Path home) {
        this.home = home;
    }

    static SystemWatch start() {
        String configured = System.getProperty("chirp.e2e.home", "");
        Path home = configured.isBlank() ? Path.of("..", ".chirp") : Path.of(configured);
        SystemWatch watch = new SystemWatch(home.toAbsolutePath().normalize());
        watch.mark();
        return watch;
    }

    boolean available() {
        return Files.isDirectory(home.resolve("run")) && SERVICES.stream()
                .allMatch(service -> Files.exists(home.resolve("run").resolve(service + ".pid")));
    }

    /** Remembers each service's PID and the end of its log, so the next {@link #since} reports only what follows. */
    void mark() {
        for (String service : SERVICES) {
            pids.put(service, pid(service).orElse(""));
            logOffsets.put(service, logSize(service));
        }
    }

    /** What changed since the last {@link #mark}: replaced or vanished processes, and logged errors. */
    Findings since() {
        List<String> restarted = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (!available()) {
            return new Findings(false, restarted, errors);
        }
        for (String service : SERVICES) {
            Optional<String> now = pid(service);
            if (now.isEmpty() || !now.get().equals(pids.get(service)) || !alive(now.get())) {
                restarted.add(service);
            }
            for (String line : logLinesSince(service, logOffsets.get(service))) {
                if (line.contains("\"level\":\"ERROR\"") || line.contains("OutOfMemoryError")
                        || line.contains("StackOverflowError")) {
                    errors.add(service + ": " + (line.length() > 300 ? line.substring(0, 300) + "…" : line));
                }
            }
        }
        return new Findings(true, restarted, errors);
    }

    private Optional<String> pid(String service) {
        try {
            return Optional.of(Files.readString(home.resolve("run").resolve(service + ".pid")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(String pid) {
        return Files.exists(Path.of("/proc", pid));
    }

    private long logSize(String service) {
        try {
            return Files.size(log(service));
        } catch (IOException e) {
            return 0;
        }
    }

    private Path log(String service) {
        return home.resolve("logs").resolve(service + ".log");
    }

    private List<String> logLinesSince(String service, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log(service).toFile(), "r")) {
            long length = file.length();
            if (length < offset) {
                offset = 0; // the log was rotated by a restart: read the new one whole
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 8 * 1024 * 1024)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @param checked false when CHIRP_HOME was not there to read */
    record Findings(boolean checked, List<String> restarted, List<String> errors) {

        boolean clean() {
            return restarted.isEmpty() && errors.isEmpty();
        }
    }
}
