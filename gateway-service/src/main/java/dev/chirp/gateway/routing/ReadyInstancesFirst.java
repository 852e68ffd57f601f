package dev.chirp.gateway.routing;

import java.net.URI;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.chirp.shared.web.InstanceReadiness;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/**
 * Of the instances a request may go to, the best ranked by {@link InstanceReadiness} (the rule the services' own
 * calls to each other follow): a restarted instance takes requests once it is ready, not from the moment its port
 * opens, and then a share growing over 30 s while its JIT warms up. When none of them is ready, all of them, as
 * before. (Spring Cloud's health-check supplier would answer "no instance" then, drops an instance whose probe is
 * only slow, and has no slow start.)
 */
final class ReadyInstancesFirst extends DelegatingServiceInstanceListSupplier {

    private final InstanceReadiness readiness;

    ReadyInstancesFirst(ServiceInstanceListSupplier delegate, InstanceReadiness readiness) {
        super(delegate);
        this.readiness = readiness;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(this::readyFirst);
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(this::readyFirst);
    }

    /** The best {@linkplain InstanceReadiness#rank ranked} of {@code instances} for this request. */
    List<ServiceInstance> readyFirst(List<ServiceInstance> instances) {
        Map<ServiceInstance, InstanceReadiness.Rank> ranks = new HashMap<>();
        instances.forEach(instance -> ranks.put(instance, readiness.rank(baseUrl(instance))));
        InstanceReadiness.Rank best = ranks.values().stream().min(Comparator.naturalOrder())
                .orElse(InstanceReadiness.Rank.TAKE);
        return instances.stream().filter(instance -> ranks.get(instance) == best).toList();
    }

    /** The base URL an instance is probed at, as {@link ServiceInstances} configured it. */
    static URI baseUrl(ServiceInstance instance) {
        return baseUrl(instance.getHost(), instance.getPort(), instance.isSecure());
    }

    static URI baseUrl(String host, int port, boolean secure) {
        return URI.create((secure ? "https" : "http") + "://" + host + ":" + port);
    }

    /** The readiness of each service's instances, by service ID ({@code tweet-service}). */
    record OfEachService(Map<String, InstanceReadiness> byServiceId) {

        InstanceReadiness of(String serviceId) {
            InstanceReadiness readiness = byServiceId.get(serviceId);
            if (readiness == null) {
                throw new IllegalStateException("no instances configured for " + serviceId);
            }
            return readiness;
        }
    }
}
