package dev.chirp.shared.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The instances of one sibling service behind a {@code RestClient}: each call goes to the next instance in turn, and
 * a call whose connection could not be made (refused, connect timeout) goes on to the next instance. That is safe
 * for any method: the request never reached a service. Whatever happens after the connection is made (an error
 * status, a dropped connection, a read timeout) is the caller's answer, because the call may have had its effect.
 *
 * <p>One URL, today's default and on Kubernetes (where a Service fronts all pods), changes nothing. The instances
 * are a fixed list from configuration, with no registry; with two or more, each one's readiness is polled
 * ({@link InstanceReadiness}) and calls go first to those that last said they were ready, so that a restarted
 * instance takes calls only once it is ready, and a growing share of them as it warms up, and a dead one costs no
 * refused connection after a second.
 */
public final class SiblingInstances implements ClientHttpRequestInterceptor {

    /** Connections kept open to each instance: more than the busiest caller's concurrent calls to one sibling. */
    static final int CONNECTIONS_PER_INSTANCE = 64;

    /**
     * Unused connections are closed after this (checked as often, so at most twice it): well before the services'
     * Tomcat closes them at 60 s, so that no call is sent down a connection the server is closing at that moment
     * (media-service lost an upload to S3 that way; with retries off, such a call would be the caller's error).
     */
    static final TimeValue IDLE_CONNECTION_LIFETIME = TimeValue.ofSeconds(20);

    private final InstanceReadiness readiness;
    private final List<URI> instances;
    private final AtomicInteger next = new AtomicInteger();

    /** @param instances base URLs ({@code http://host:port}) of the service's instances, at least one */
    public SiblingInstances(List<URI> instances) {
        this(InstanceReadiness.of(checked(instances)));
    }

    SiblingInstances(InstanceReadiness readiness) {
        this.readiness = readiness;
        this.instances = checked(readiness.instances());
    }

    private static List<URI> checked(List<URI> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a service needs at least one instance URL");
        }
        for (URI instance : instances) {
            if (instance.getScheme() == null || instance.getHost() == null) {
                throw new IllegalArgumentException("not a base URL of an instance: " + instance);
            }
        }
        return List.copyOf(instances);
    }

    /**
     * {@code builder} calling these instances: its base URL is the first one (requests name paths only), and the
     * rotation comes before the other interceptors, so that each attempt is signed afresh (chirp-shared's service
     * credential) and traced as what it is.
     *
     * <p>Calls go out through Apache HttpClient, on the calling thread over pooled keep-alive connections. The JDK's
     * {@code HttpClient} hands every exchange to its own selector and worker threads and back, and used about twice
     * the caller's CPU per call (docs/07-bottlenecks-and-reliability.md, "Cost per request", has the one-off
     * comparison and the profile). Apache's connect timeout is an exception of its own
     * (as the JDK client's is, and {@code HttpURLConnection}'s is not), so an unreachable instance is passed over
     * ({@link #neverConnected}). No automatic retries and no redirects followed: whatever happened once the
     * connection was made is the caller's answer (and the credential is signed for this request's target only).
     */
    public RestClient.Builder applyTo(RestClient.Builder builder, Duration connectTimeout, Duration readTimeout) {
        return builder.baseUrl(instances.get(0).toString())
                .requestInterceptors(interceptors -> interceptors.add(0, this))
                .requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
                        .withHttpClientCustomizer(client -> client.disableAutomaticRetries()
                                .evictIdleConnections(IDLE_CONNECTION_LIFETIME))
                        .withConnectionManagerCustomizer(connections -> connections
                                .setMaxConnPerRoute(CONNECTIONS_PER_INSTANCE)
                                .setMaxConnTotal(CONNECTIONS_PER_INSTANCE * instances.size()))
                        .build(HttpClientSettings.defaults().withTimeouts(connectTimeout, readTimeout)
                                .withRedirects(HttpRedirects.DONT_FOLLOW)));
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        IOException refused = null;
        for (URI instance : inTurn()) {
            URI target = on(instance, request.getURI());
            try {
                return execution.execute(new HttpRequestWrapper(request) {
                    @Override
                    public URI getURI() {
                        return target;
                    }
                }, body);
            } catch (IOException e) {
                if (!neverConnected(e)) {
                    throw e;
                }
                if (refused != null) {
                    e.addSuppressed(refused);
                }
                refused = e;
            }
        }
        throw refused;
    }

    /**
     * The instances this call may try, in order: from the next one in turn, best {@linkplain InstanceReadiness#rank
     * ranked} first; the others stay as a last resort for a call that found every better one refusing.
     */
    List<URI> inTurn() {
        int first = Math.floorMod(next.getAndIncrement(), instances.size());
        List<URI> order = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            order.add(instances.get((first + i) % instances.size()));
        }
        Map<URI, InstanceReadiness.Rank> ranks = new HashMap<>();
        order.forEach(instance -> ranks.put(instance, readiness.rank(instance)));
        order.sort(Comparator.comparing(ranks::get));
        return order;
    }

    /** Refused or timed out while connecting (Apache's, the JDK client's and {@code HttpURLConnection}'s refusal). */
    static boolean neverConnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static URI on(URI instance, URI request) {
        return UriComponentsBuilder.fromUri(request)
                .scheme(instance.getScheme()).host(instance.getHost()).port(instance.getPort())
                .build(true).toUri();
    }
}
