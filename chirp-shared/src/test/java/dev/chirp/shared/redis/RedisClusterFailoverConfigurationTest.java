package dev.chirp.shared.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

class RedisClusterFailoverConfigurationTest {

    private final RedisClusterFailoverConfiguration configuration = new RedisClusterFailoverConfiguration();

    @Test
    void onAClusterAdaptiveRefreshesMayRunEveryFiveSecondsAndCommandsForALostNodeAreRefused() {
        DataRedisProperties properties = new DataRedisProperties();
        properties.getLettuce().getCluster().getRefresh().setAdaptive(true);
        properties.getLettuce().getCluster().getRefresh().setPeriod(Duration.ofSeconds(10));
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder();

        configuration.redisClusterFailover(properties).customize(builder);
        ClusterClientOptions options = builder.build();

        ClusterTopologyRefreshOptions refresh = options.getTopologyRefreshOptions();
        assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(refresh.getAdaptiveRefreshTriggers())
                .hasSize(ClusterTopologyRefreshOptions.RefreshTrigger.values().length);
        assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
        assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Test
    void aSingleServerKeepsLettucesDefaults() {
        ClientOptions.Builder builder = ClientOptions.builder();

        configuration.redisClusterFailover(new DataRedisProperties()).customize(builder);

        assertThat(builder.build().getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.DEFAULT);
    }
}
