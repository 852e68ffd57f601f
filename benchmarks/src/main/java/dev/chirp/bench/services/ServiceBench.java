package dev.chirp.bench.services;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.chirp.bench.workload.Machine;

/**
 * {@code ./chirp bench --services}: each service measured directly at its port over the seeded world, one service
 * after the other, each writing its block of {@code docs/benchmarks-services.md} ({@link ReadmeBlock}). A service
 * whose bench fails keeps its previous block; the others still run.
 */
public final class ServiceBench {

    /** Where the results go, relative to the repository: one generated block per service module. */
    static final String PAGE = "docs/benchmarks-services.md";
    /** The names {@code --only} takes. */
    public static final List<String> SERVICES = List.of("user", "tweet", "media", "search", "gateway");
    /**
     * The order they run in: search first, because its top-up decides the size of the index and of the tweet pool
     * the tweet lookups draw from.
     */
    private static final List<String> ORDER = List.of("search", "tweet", "user", "media", "gateway");
    private static final Map<String, Function<ServiceContext, ServiceResult>> BENCHES = Map.of(
            "user", ctx -> new UserServiceBench(ctx).run(),
            "tweet", ctx -> new TweetServiceBench(ctx).run(),
            "media", ctx -> new MediaServiceBench(ctx).run(),
            "search", ctx -> new SearchServiceBench(ctx).run(),
            "gateway", ctx -> new GatewayBench(ctx).run());

    private final ServicePlan plan;
    private final Set<String> only;
    private final String command;
    private final Path repo;

    public ServiceBench(ServicePlan plan, Set<String> only, String command, Path repo) {
        this.plan = plan;
        this.only = only;
        this.command = command;
        this.repo = repo;
    }

    /** Parses {@code --only user,tweet}: known names, at least one. */
    public static Set<String> parseOnly(String list) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String trimmed = name.strip().toLowerCase(Locale.ROOT);
            if (!SERVICES.contains(trimmed)) {
                throw new IllegalArgumentException("--only takes " + String.join(",", SERVICES) + ", not " + name);
            }
            names.add(trimmed);
        }
        return names;
    }

    public void run() {
        long start = System.nanoTime();
        ServiceContext ctx = new ServiceContext(plan, repo, start);
        ServiceReadme.Run run = new ServiceReadme.Run(command, Instant.now(), plan, Machine.current());
        List<String> failed = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (String name : ORDER) {
            if (!only.contains(name)) {
                continue;
            }
            ctx.log("== " + name + (name.equals("gateway") ? "" : "-service") + " ==");
            try {
                ctx.refreshUsers();
                ServiceResult result = BENCHES.get(name).apply(ctx);
                String block = ServiceReadme.render(run, result);
                Path page = repo.resolve(PAGE);
                ReadmeBlock.rewrite(page, result.module(), block);
                written.add(page + " (" + result.module() + ")");
                summary(result);
            } catch (RuntimeException e) {
                System.err.println("\n  " + name + " failed: " + e);
                failed.add(name + ": " + e.getMessage());
            }
        }
        System.out.printf(Locale.ROOT, "%nservice benches done in %.0f s; blocks written: %s%n",
                (System.nanoTime() - start) / 1e9, written.isEmpty() ? "none" : String.join(", ", written));
        if (!failed.isEmpty()) {
            throw new IllegalStateException("failed (their blocks keep the previous results): "
                    + String.join("; ", failed));
        }
    }

    private static void summary(ServiceResult result) {
        System.out.println("\n" + result.module() + ":");
        result.ceilings().forEach(c -> System.out.println("  " + ServiceReadme.ceilingRow(c)));
    }
}
