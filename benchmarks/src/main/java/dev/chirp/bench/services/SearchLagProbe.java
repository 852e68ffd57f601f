package dev.chirp.bench.services;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;
import dev.chirp.bench.load.LagProbe;
import dev.chirp.bench.load.TypeStats;
import dev.chirp.bench.world.SeededUser;

/**
 * Indexing lag as a searcher sees it: a probe tweet carrying a word no other tweet has is posted directly at
 * tweet-service, then searched for directly at search-service every {@code pollEvery} until it is found; the time
 * from the post's 201 to the first search that finds it is recorded. Not found within {@code giveUp}: an error.
 */
final class SearchLagProbe implements AutoCloseable {

    static final String TYPE = "post → searchable";

    private final ChirpHttp http;
    private final LagProbe probe;
    private final AtomicInteger posted = new AtomicInteger();
    private final AtomicLong searches = new AtomicLong();

    SearchLagProbe(ChirpHttp http, Duration giveUp, Duration pollEvery) {
        this.http = http;
        this.probe = new LagProbe(TYPE, pollEvery, giveUp, 4);
    }

    /** Posts a probe carrying {@code word} and starts searching for it; a failed post is recorded as an error. */
    void post(SeededUser author, String word) {
        ChirpHttp.Reply reply = http.call("POST", Endpoints.TWEET + "/api/v1/tweets", author.token(),
                Map.of("text", "indexing lag probe " + word), null);
        long acknowledged = System.nanoTime();
        if (!reply.ok()) {
            probe.failed();
            return;
        }
        posted.incrementAndGet();
        String id = reply.text("id");
        probe.watch(acknowledged, () -> found(word, id));
    }

    int posted() {
        return posted.get();
    }

    /** Searches sent so far: polling is load on search-service too. */
    long searches() {
        return searches.get();
    }

    /** Probes found only after {@code bound}. */
    long over(Duration bound) {
        return probe.over(bound);
    }

    private boolean found(String word, String id) {
        searches.incrementAndGet();
        try {
            HttpResponse<String> response = http.client().send(ChirpHttp.request(Endpoints.SEARCH
                    + "/api/v1/search/tweets?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8), null).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"" + id + "\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits (bounded) until every probe was found or given up; the lags in ms, or null when none was posted. */
    TypeStats finish() {
        return probe.finish();
    }

    @Override
    public void close() {
        probe.close();
    }
}
