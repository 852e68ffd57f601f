package dev.chirp.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** A second attempt never goes where the first went, as long as there is anywhere else to go. */
class SecondAttemptElsewhereTest {

    private static final ServiceInstance A = new DefaultServiceInstance("a", "tweet-service", "127.0.0.1", 8082, false);
    private static final ServiceInstance B = new DefaultServiceInstance("b", "tweet-service", "127.0.0.1", 9082, false);
    private static final ServiceInstance C = new DefaultServiceInstance("c", "tweet-service", "127.0.0.2", 8082, false);

    @Test
    void aFirstAttemptMayGoAnywhere() {
        assertThat(SecondAttemptElsewhere.withoutPrevious(List.of(A, B, C), request(Map.of())))
                .containsExactly(A, B, C);
    }

    @Test
    void aSecondAttemptGoesAnywhereButWhereTheFirstWent() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, new DefaultResponse(B));
        assertThat(SecondAttemptElsewhere.withoutPrevious(List.of(A, B, C), request(attributes)))
                .containsExactly(A, C);
    }

    @Test
    void withOneInstanceTheSecondAttemptGoesThereAgain() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, new DefaultResponse(A));
        assertThat(SecondAttemptElsewhere.withoutPrevious(List.of(A), request(attributes))).containsExactly(A);
    }

    private static DefaultRequest<RequestDataContext> request(Map<String, Object> exchangeAttributes) {
        return new DefaultRequest<>(new RequestDataContext(
                new RequestData(MockServerHttpRequest.get("/api/v1/tweets/1").build(), exchangeAttributes)));
    }
}
