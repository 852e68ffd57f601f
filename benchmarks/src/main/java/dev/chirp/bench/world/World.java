package dev.chirp.bench.world;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the seeder made, kept in {@code $CHIRP_HOME/benchmarks/world.json} (git-ignored) so that a re-run or the
 * bench need no password hashing for accounts whose token is still valid. It is a cache: the system is the truth
 * (handles are deterministic, signup answers 409 for an existing one), and a file that no longer matches the system
 * (data folder wiped) is dropped.
 */
public final class World {

    private final Path file;
    private final JsonMapper json;
    private final Map<String, SeededUser> users = new ConcurrentHashMap<>();

    private World(Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
    }

    public static Path defaultFile() {
        String home = System.getenv().getOrDefault("CHIRP_HOME", ".chirp");
        return Path.of(home, "benchmarks", "world.json");
    }

    /** Loads the file and checks one remembered account against user-service; a mismatch empties the cache. */
    public static World load(Path file, ChirpHttp http) {
        World world = new World(file, http.json());
        if (Files.isRegularFile(file)) {
            List<SeededUser> stored = http.json().readValue(file, new TypeReference<List<SeededUser>>() { });
            stored.forEach(user -> world.users.put(user.handle(), user));
            Optional<SeededUser> probe = stored.stream().findFirst();
            if (probe.isPresent()) {
                ChirpHttp.Reply reply = http.get(Endpoints.USER + "/api/v1/users/@" + probe.get().handle(), null);
                if (!reply.ok() || !reply.text("id").equals(probe.get().id())) {
                    System.err.println("world file " + file + " does not match the running system; starting afresh");
                    world.users.clear();
                }
            }
        }
        return world;
    }

    public Optional<SeededUser> get(String handle) {
        return Optional.ofNullable(users.get(handle));
    }

    public void put(SeededUser user) {
        users.put(user.handle(), user);
    }

    /** Written through a temporary file, so an interrupted run never leaves half a file. */
    public synchronized void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            List<SeededUser> sorted = new ArrayList<>(users.values());
            sorted.sort(java.util.Comparator.comparing(SeededUser::handle));
            json.writerWithDefaultPrettyPrinter().writeValue(tmp, sorted);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many seed accounts ({@code seed_000001}…) exist without a gap from the first. */
    public int seededUsers() {
        int n = 0;
        while (users.containsKey(SeedHandles.handle(n + 1))) {
            n++;
        }
        return n;
    }
}
