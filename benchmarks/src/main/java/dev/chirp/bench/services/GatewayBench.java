package dev.chirp.bench.services;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.CeilingSearch;
import dev.chirp.bench.load.OpenLoopRun;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.world.SeededUser;

/**
 * The gateway (issue #8) at port 8080: the same request sent directly to the owning service and through the
 * gateway, at fixed rates (the gateway's added latency) and climbing (its effect on the ceiling). Two requests: a
 * cheap one, so that the gateway's own cost shows, and the home timeline, the read that matters most. Each request
 * carries the token of a user drawn uniformly from many, so per-user rate limits are not what is measured.
 *
 * <p>At a fixed rate, each request goes one way or the other at random within one run: both paths see the same
 * system at the same moment (no drift between two runs), and the service behind serves the stated rate in all.
 */
final class GatewayBench {

    static final String DIRECT = "direct";
    static final String VIA_GATEWAY = "via gateway";

    /** A request to compare: how to build it against a base URL for a reader, and where it goes directly. */
    private record Subject(String label, String type, String directBase, String service, double startRate,
                           BiFunction<String, SplittableRandom, HttpRequest> build) {
    }

    /** One fixed rate: the same request directly and through the gateway. */
    record Comparison(String request, double rate, TypeStats direct, TypeStats gateway) {
    }

    /** Ceiling searches of one request, directly and through the gateway. */
    record Ceilings(String request, String service, CeilingSearch.Result direct, CeilingSearch.Result gateway) {
    }

    private final ServiceContext ctx;

    GatewayBench(ServiceContext ctx) {
        this.ctx = ctx;
    }

    ServiceResult run() {
        List<Subject> subjects = List.of(
                new Subject("`GET /api/v1/users/{id}`", "profile", Endpoints.USER, "user-service", 150,
                        (base, random) -> profile(base, ctx.anyUser(random), ctx.anyUser(random))),
                new Subject("`GET /api/v1/timeline/home?limit=10`", "home", Endpoints.TIMELINE, "timeline-service",
                        50, (base, random) -> ctx.requests.homeTimeline(base, ctx.anyUser(random))));
        List<Comparison> comparisons = new ArrayList<>();
        List<Ceilings> ceilings = new ArrayList<>();
        List<ServiceResult.Ceiling> all = new ArrayList<>();
        for (Subject s : subjects) {
            // The fixed-rate runs come first: without a warm-up the gateway's JIT would still be compiling in them.
            double top = ctx.plan.fixedRates().get(ctx.plan.fixedRates().size() - 1);
            ctx.log(s.type() + ": warm-up at " + CeilingSearch.rate(top) + "/s, half directly, half through the "
                    + "gateway (not reported)");
            ctx.fixedRate(s.type() + " warm-up", top, ctx.plan.gatewayWarmUpSeconds(), interleaved(s));
            for (double rate : ctx.plan.fixedRates()) {
                ctx.log(s.type() + " at " + CeilingSearch.rate(rate) + "/s, half directly, half through the gateway");
                OpenLoopRun.Result result = ctx.fixedRate(s.type() + " " + CeilingSearch.rate(rate) + "/s", rate,
                        ctx.plan.fixedSeconds(), interleaved(s));
                comparisons.add(new Comparison(s.label(), rate, result.type(DIRECT), result.type(VIA_GATEWAY)));
            }
            ServiceResult.Ceiling direct = ctx.ceiling(s.label() + " directly at " + s.service(),
                    s.type() + " direct", ctx.plan.ceiling(s.startRate(), 1_000), steps(s, s.directBase(),
                            s.type() + " direct"));
            ServiceResult.Ceiling gateway = ctx.ceiling(s.label() + " through the gateway",
                    s.type() + " gateway", ctx.plan.ceiling(s.startRate(), 1_000), steps(s, Endpoints.GATEWAY,
                            s.type() + " gateway"));
            ceilings.add(new Ceilings(s.label(), s.service(), direct.result(), gateway.result()));
            all.add(direct);
            all.add(gateway);
        }
        long tooMany = comparisons.stream().mapToLong(c -> rejected(c.gateway())).sum()
                + ceilings.stream().flatMap(c -> c.gateway().steps().stream())
                .mapToLong(step -> rejected(step.stats())).sum();
        List<String> notes = new ArrayList<>();
        notes.add(String.format("Rate limits: every request carries the token of a user drawn uniformly from %,d, "
                + "so each user's read bucket (300, refilled 10/s) sees a small share; responses 429 through the "
                + "gateway in this run: **%,d**.", ctx.plan.users(), tooMany));
        notes.add("Directly, a service verifies the token itself; through the gateway it is verified twice (gateway "
                + "and service), which is part of what the ratio shows.");
        List<String> data = List.of(String.format("%,d seeded accounts; readers (and profiles read) drawn uniformly "
                + "from the first %,d.", ctx.worldUsers, ctx.plan.users()));
        return new ServiceResult("gateway-service", data, List.of(ServiceReadme.gateway(comparisons, ceilings)), all,
                notes);
    }

    private static OpenLoopRun.Source interleaved(Subject s) {
        return random -> random.nextBoolean()
                ? new OpenLoopRun.Call(DIRECT, s.build().apply(s.directBase(), random))
                : new OpenLoopRun.Call(VIA_GATEWAY, s.build().apply(Endpoints.GATEWAY, random));
    }

    private static CeilingSearch.Steps steps(Subject s, String base, String type) {
        return (rate, seconds) -> random -> new OpenLoopRun.Call(type, s.build().apply(base, random));
    }

    private static HttpRequest profile(String base, SeededUser reader, SeededUser shown) {
        return ChirpHttp.request(base + "/api/v1/users/" + shown.id(), reader.token()).GET().build();
    }

    private static long rejected(TypeStats stats) {
        return stats == null ? 0 : stats.errors().getOrDefault(429, 0L);
    }
}
