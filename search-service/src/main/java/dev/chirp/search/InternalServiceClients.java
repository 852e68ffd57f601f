package dev.chirp.search;

import java.net.http.HttpClient;
import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** HTTP clients for sibling services' internal APIs: short timeouts (COMMON contract), traced. */
final class InternalServiceClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private InternalServiceClients() {
    }

    static RestClient create(String baseUrl, ObservationRegistry observations) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
        requests.setReadTimeout(READ_TIMEOUT);
        return RestClient.builder().baseUrl(baseUrl).requestFactory(requests).observationRegistry(observations)
                .build();
    }
}
