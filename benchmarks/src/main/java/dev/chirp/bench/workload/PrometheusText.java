package dev.chirp.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few numbers the bench reads from a service's {@code /actuator/prometheus} text: a counter's value (summed over
 * its label sets) and a histogram's cumulative buckets.
 */
public final class PrometheusText {

    private record Sample(String name, String labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    /** Scrapes a service's {@code /actuator/prometheus} (in the text format: no JSON Accept header, which is 406). */
    public static PrometheusText scrape(java.net.http.HttpClient client, String baseUrl) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/actuator/prometheus"))
                    .timeout(java.time.Duration.ofSeconds(5)).GET().build();
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("metrics of " + baseUrl + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the metrics of " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name;
            String labels = "";
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                labels = line.substring(brace + 1, line.lastIndexOf('}'));
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            try {
                parsed.samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
            } catch (NumberFormatException ignored) {
                // a timestamped or malformed line: not one we need
            }
        }
        return parsed;
    }

    /** The sum over every label set of {@code name}; 0 when absent (a counter not incremented yet). */
    public double sum(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }

    /** {@code name_bucket} as upper bound (seconds) → cumulative count, summed over other labels. */
    public Map<Double, Double> buckets(String name) {
        Map<Double, Double> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (!s.name().equals(name + "_bucket")) {
                continue;
            }
            int le = s.labels().indexOf("le=\"");
            if (le < 0) {
                continue;
            }
            String bound = s.labels().substring(le + 4, s.labels().indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            buckets.merge(upper, s.value(), Double::sum);
        }
        return buckets;
    }

    /**
     * The percentile of the observations between two scrapes of the same histogram, as the upper bound of the bucket
     * it falls in (so an over-estimate by at most one bucket width); NaN when nothing was observed.
     */
    public static double percentileBetween(Map<Double, Double> before, Map<Double, Double> after, double percentile) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double wanted = total * percentile / 100.0;
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= wanted) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
