package dev.chirp.gateway.routing;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/**
 * The instances a request may be sent to: all of them, except on a second attempt, which goes anywhere but where the
 * first one went. Round robin alone would not ensure that: under load other requests move it on in between, and a
 * second attempt could land on the dead instance again. The gateway keeps the first choice in the exchange
 * ({@link ServerWebExchangeUtils#GATEWAY_LOADBALANCER_RESPONSE_ATTR}, which a retry does not clear) and hands the
 * exchange's attributes to the load balancer. (Spring Cloud's own avoid-previous-instance supplier reads a context
 * that only its blocking and WebClient retries fill in, not the gateway.)
 */
final class SecondAttemptElsewhere extends DelegatingServiceInstanceListSupplier {

    SecondAttemptElsewhere(ServiceInstanceListSupplier delegate) {
        super(delegate);
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get();
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(instances -> withoutPrevious(instances, request));
    }

    static List<ServiceInstance> withoutPrevious(List<ServiceInstance> instances, Request<?> request) {
        if (!(request.getContext() instanceof RequestDataContext context)
                || !(context.getClientRequest().getAttributes()
                        .get(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR) instanceof Response<?> first)
                || !(first.getServer() instanceof ServiceInstance tried)) {
            return instances;
        }
        List<ServiceInstance> others = instances.stream()
                .filter(instance -> !(instance.getHost().equals(tried.getHost())
                        && instance.getPort() == tried.getPort()))
                .toList();
        // with a single instance, the second attempt goes where the first went rather than nowhere
        return others.isEmpty() ? instances : others;
    }

    /**
     * Every service's load-balancer context (not the application's: hence no {@code @Configuration}, so component
     * scanning leaves it alone): the configured instances, from the simple discovery client, through this filter and
     * then {@link ReadyInstancesFirst}.
     */
    static class PerService {

        @Bean
        ServiceInstanceListSupplier instancesForThisAttempt(ConfigurableApplicationContext context,
                ReadyInstancesFirst.OfEachService readiness) {
            // elsewhere first, then the ready ones among the rest: a second attempt never goes back to the first
            return ServiceInstanceListSupplier.builder()
                    .withDiscoveryClient()
                    .with((ignored, delegate) -> new SecondAttemptElsewhere(delegate))
                    .with((ignored, delegate) -> new ReadyInstancesFirst(delegate,
                            readiness.of(delegate.getServiceId())))
                    .build(context);
        }
    }
}
