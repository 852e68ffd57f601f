package dev.chirp.bench.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.world.SeededUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The social mix at a fixed rate, open loop (a request leaves on schedule whether or not earlier ones answered), for
 * as long as the fault run lasts: half home timelines, a quarter user timelines, then posts, likes, follows and
 * deletes. Every answer becomes an {@link Outcome}; every acknowledged write goes into {@link AckedWrites}.
 *
 * <p>With two gateways the client alternates between them and sends a request whose connection was refused to the
 * other one: what the load balancer in front of the gateways does in production.
 */
final class ChaosLoad implements AutoCloseable {

    /**
     * One request: when it was sent (ms since the run's start), its kind, its status (-1: no answer), latency, and
     * for a failure what it was (the status and problem title, or why no answer came), so that a report can say
     * which part failed and not only how often.
     */
    record Outcome(long atMillis, String type, int status, long micros, String failure) {

        Outcome(long atMillis, String type, int status, long micros) {
            this(atMillis, type, status, micros, status < 0 ? "no answer" : Integer.toString(status));
        }

        boolean failed() {
            return status < 0 || status >= 500;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final JsonMapper json;
    private final List<String> gateways;
    private final List<SeededUser> users;
    private final AckedWrites writes;
    private final String runTag;
    private final long startNanos;
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong postSeq = new AtomicLong();
    private final SplittableRandom seeds = new SplittableRandom(20261206L);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "chaos-load");
        thread.setDaemon(true);
        return thread;
    });

    ChaosLoad(HttpClient client, JsonMapper json, List<String> gateways, List<SeededUser> users, AckedWrites writes,
              String runTag, long startNanos) {
        this.client = client;
        this.json = json;
        this.gateways = List.copyOf(gateways);
        this.users = List.copyOf(users);
        this.writes = writes;
        this.runTag = runTag;
        this.startNanos = startNanos;
    }

    void start(double ratePerSecond) {
        long period = (long) (1_000_000_000L / ratePerSecond);
        ticks.scheduleAtFixedRate(this::fire, 0, period, TimeUnit.NANOSECONDS);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    long nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * After {@link #close}: waits until every request sent has its answer or its 5 s timeout, at most
     * {@code limit}; false when some are still out.
     */
    boolean awaitAnswers(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return inFlight.get() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void fire() {
        SplittableRandom random;
        synchronized (seeds) {
            random = seeds.split();
        }
        int actor = random.nextInt(users.size());
        int dice = random.nextInt(100);
        if (dice < 50) {
            send("home", "GET", "/api/v1/timeline/home?limit=20", actor, null, reply -> { });
        } else if (dice < 75) {
            int author = random.nextInt(users.size());
            send("user", "GET", "/api/v1/users/" + users.get(author).id() + "/tweets?limit=20", actor, null,
                    reply -> { });
        } else if (dice < 87) {
            post(actor);
        } else if (dice < 94) {
            writes.pick(random, actor, false).ifPresentOrElse(post -> send("like", "PUT",
                    "/api/v1/tweets/" + post.id() + "/like", actor, null, reply -> {
                        if (reply.status() == 200) {
                            writes.like(actor, post.id());
                        }
                    }), () -> post(actor));
        } else if (dice < 98) {
            int followee = random.nextInt(users.size());
            if (followee == actor || writes.follows(actor, followee)) {
                send("home", "GET", "/api/v1/timeline/home?limit=20", actor, null, reply -> { });
                return;
            }
            send("follow", "PUT", "/api/v1/users/" + users.get(followee).id() + "/follow", actor, null, reply -> {
                if (reply.status() == 200) {
                    writes.follow(actor, followee, nowMillis());
                }
            });
        } else {
            writes.pick(random, actor, true).ifPresentOrElse(post -> {
                writes.deleteSent(post.id());
                send("delete", "DELETE", "/api/v1/tweets/" + post.id(), actor, null, reply -> {
                    if (reply.status() == 204) {
                        writes.deleted(post.id());
                    }
                });
            }, () -> post(actor));
        }
    }

    private void post(int author) {
        long sent = nowMillis();
        String text = "chaos " + runTag + " post " + postSeq.incrementAndGet() + " by " + users.get(author).handle();
        send("post", "POST", "/api/v1/tweets", author, Map.of("text", text), reply -> {
            if (reply.status() == 201) {
                writes.post(new AckedWrites.Post(reply.body().path("id").asString(), author, sent));
            }
        });
    }

    private void send(String type, String method, String path, int actor, Object body,
                      Consumer<ChirpHttp.Reply> onReply) {
        long at = nowMillis();
        long sent = System.nanoTime();
        int first = Math.floorMod(next.getAndIncrement(), gateways.size());
        inFlight.incrementAndGet();
        attempt(method, path, actor, body, first, gateways.size()).whenComplete((response, error) -> {
            inFlight.decrementAndGet();
            long micros = (System.nanoTime() - sent) / 1_000;
            int status = error == null ? response.statusCode() : -1;
            JsonNode node = MissingNode.getInstance();
            if (error == null && response.body().length > 0) {
                try {
                    node = json.readTree(response.body());
                } catch (RuntimeException e) {
                    // An unreadable body acknowledges nothing (and names no failure).
                }
            }
            outcomes.add(new Outcome(at, type, status, micros, describe(status, node, error)));
            if (error == null) {
                onReply.accept(new ChirpHttp.Reply(status, node));
            }
        });
    }

    private CompletableFuture<HttpResponse<byte[]>> attempt(String method, String path, int actor, Object body,
                                                            int gateway, int triesLeft) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateways.get(gateway) + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + users.get(actor).token());
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null && triesLeft > 1 && refused(error)) {
                        return attempt(method, path, actor, body, (gateway + 1) % gateways.size(), triesLeft - 1);
                    }
                    return error == null ? CompletableFuture.completedFuture(response)
                            : CompletableFuture.<HttpResponse<byte[]>>failedFuture(error);
                })
                .thenCompose(future -> future);
    }

    /** A failure in a few words: the status and the problem's detail (or title), or why no answer came. */
    static String describe(int status, JsonNode body, @Nullable Throwable error) {
        if (error != null) {
            Throwable cause = error;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause instanceof HttpTimeoutException ? "no answer in 5 s"
                    : refused(cause) ? "connection refused" : "no answer (" + cause.getClass().getSimpleName() + ")";
        }
        String said = body.path("detail").asString(body.path("title").asString(""));
        return said.isEmpty() ? Integer.toString(status)
                : status + " " + (said.length() > 60 ? said.substring(0, 57) + "..." : said);
    }

    private static boolean refused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("Connection refused")) {
                return true;
            }
        }
        return false;
    }
}
