package dev.chirp.gateway.routing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.shared.web.InstanceReadiness;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The instances of each service, as Spring Cloud's simple discovery client knows them: the routes name a service
 * ({@code lb://tweet-service}) and Spring Cloud LoadBalancer takes its instances in turn (round robin). The list is
 * {@link UpstreamProperties}' and fixed, with no registry; requests go to the instances that say they are ready
 * ({@link ReadyInstancesFirst}), and one whose connection is refused goes on to another ({@link PublicRoutes},
 * {@link SecondAttemptElsewhere}).
 * This bean replaces the one bound to {@code spring.cloud.discovery.client.simple}, so the instances have a single
 * source: Chirp's own setting, with its environment variable per service.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = SecondAttemptElsewhere.PerService.class)
class ServiceInstances {

    @Bean
    SimpleReactiveDiscoveryProperties instancesOfEachService(UpstreamProperties services) {
        Map<String, List<InstanceProperties>> instances = new LinkedHashMap<>();
        byService(services).forEach((service, uris) -> instances.put(service, instances(uris)));
        SimpleReactiveDiscoveryProperties discovery = new SimpleReactiveDiscoveryProperties();
        discovery.setInstances(instances);
        return discovery;
    }

    /** Each instance's readiness, polled when a service has two or more ({@link ReadyInstancesFirst}). */
    @Bean
    ReadyInstancesFirst.OfEachService readinessOfEachService(UpstreamProperties services) {
        Map<String, InstanceReadiness> readiness = new LinkedHashMap<>();
        byService(services).forEach((service, uris) -> readiness.put(service, InstanceReadiness.of(
                instances(uris).stream().map(instance -> ReadyInstancesFirst.baseUrl(
                        instance.getHost(), instance.getPort(), instance.isSecure())).toList())));
        return new ReadyInstancesFirst.OfEachService(readiness);
    }

    private static Map<String, List<URI>> byService(UpstreamProperties services) {
        Map<String, List<URI>> byService = new LinkedHashMap<>();
        byService.put(id("user"), services.user());
        byService.put(id("tweet"), services.tweet());
        byService.put(id("timeline"), services.timeline());
        byService.put(id("search"), services.search());
        byService.put(id("media"), services.media());
        return byService;
    }

    /** The route URI of {@code service} ({@code tweet}): whichever of its instances the load balancer picks. */
    static URI balanced(String service) {
        return URI.create("lb://" + id(service));
    }

    /** The service ID the load balancer knows the service by: its name, as in its logs and metrics. */
    private static String id(String service) {
        return service + "-service";
    }

    private static List<InstanceProperties> instances(List<URI> uris) {
        if (uris.isEmpty()) {
            throw new IllegalStateException("chirp.gateway.services: every service needs at least one instance URL");
        }
        return uris.stream().map(uri -> {
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalStateException("chirp.gateway.services: not an instance's base URL: " + uri);
            }
            boolean secure = uri.getScheme().equals("https");
            InstanceProperties instance = new InstanceProperties();
            instance.setInstanceId(uri.toString());
            instance.setHost(uri.getHost());
            instance.setPort(uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80);
            instance.setSecure(secure);
            return instance;
        }).toList();
    }
}
