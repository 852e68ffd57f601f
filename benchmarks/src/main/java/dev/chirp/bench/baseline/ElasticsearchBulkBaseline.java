package dev.chirp.bench.baseline;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.chirp.bench.http.ElasticsearchRest;
import dev.chirp.bench.world.TweetTexts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Elasticsearch itself indexes on this machine, for comparison with search-service's rebuild: synthetic
 * tweet-like documents (the fields of search-service's tweet index) sent with raw {@code _bulk} requests of
 * {@value #PER_BULK}, one at a time, as search-service's tweet listener sends one bulk per poll of up to 500 records,
 * into a scratch index with the same mapping and settings. The index is deleted afterwards.
 */
public final class ElasticsearchBulkBaseline {

    /**
     * @param seconds first bulk sent → last bulk answered (the documents are made beforehand)
     * @param failed  documents Elasticsearch refused
     */
    public record Result(String index, long documents, int bulks, double seconds, long failed) {

        public double perSecond() {
            return seconds > 0 ? (documents - failed) / seconds : 0;
        }
    }

    public static final int PER_BULK = 500;

    private ElasticsearchBulkBaseline() {
    }

    public static Result measure(ElasticsearchRest elasticsearch, JsonMapper json, String index, JsonNode mappings,
                                 long documents, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> bodies = new ArrayList<>();
        for (long first = 0; first < documents; first += PER_BULK) {
            bodies.add(bulkBody(json, index, first, (int) Math.min(PER_BULK, documents - first), random));
        }
        elasticsearch.create(index, mappings);
        try {
            long failed = 0;
            long start = System.nanoTime();
            for (byte[] body : bodies) {
                failed += elasticsearch.bulk(body).failed();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(index, documents, bodies.size(), seconds, failed);
        } finally {
            elasticsearch.delete(index);
        }
    }

    /** {@code count} index actions with IDs from {@code firstId}, as newline-delimited JSON. */
    static byte[] bulkBody(JsonMapper json, String index, long firstId, int count, SplittableRandom random) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(count * 300);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            long id = firstId + i;
            body.writeBytes(json.writeValueAsBytes(Map.of("index", Map.of("_index", index, "_id", Long.toString(id)))));
            body.write('\n');
            body.writeBytes(json.writeValueAsBytes(document(id, random, now)));
            body.write('\n');
        }
        return body.toByteArray();
    }

    /** As search-service's {@code TweetIndex.document}: words, 0–2 hashtags, a location in one tweet of five. */
    private static Map<String, Object> document(long id, SplittableRandom random, Instant now) {
        int authorRank = 1 + random.nextInt(2_000);
        List<String> hashtags = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            hashtags.add(TweetTexts.hashtag(random));
        }
        StringBuilder text = new StringBuilder(TweetTexts.compose(random, List.of(), 0));
        hashtags.forEach(tag -> text.append(" #").append(tag));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", id);
        document.put("text", text.toString());
        document.put("author_id", (long) authorRank);
        document.put("author_handle", String.format("seed_%06d", authorRank));
        document.put("hashtags", hashtags.stream().distinct().toList());
        document.put("created_at", now.minusMillis(random.nextLong(86_400_000L)).toString());
        if (random.nextInt(5) == 0) {
            document.put("location", Map.of("lat", random.nextDouble(-60, 70), "lon", random.nextDouble(-180, 180)));
        }
        return document;
    }
}
